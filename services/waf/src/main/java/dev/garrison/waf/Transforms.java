package dev.garrison.waf;

import dev.garrison.api.wafv2.TextTransformation;
import java.util.Comparator;
import java.util.List;

/** Every text transformation of the model, by its type, and the chain a statement applies. */
final class Transforms {
    private Transforms() {}

    static Transform of(String type) {
        return switch (type) {
            case "NONE" -> text -> text;
            case "COMPRESS_WHITE_SPACE" -> new CompressWhiteSpace();
            case "HTML_ENTITY_DECODE" -> new HtmlEntityDecode();
            case "LOWERCASE" -> new Lowercase();
            case "CMD_LINE" -> new CmdLine();
            case "URL_DECODE" -> new UrlDecode(false);
            case "URL_DECODE_UNI" -> new UrlDecode(true);
            case "BASE64_DECODE" -> new Base64Decode(false);
            case "BASE64_DECODE_EXT" -> new Base64Decode(true);
            case "HEX_DECODE" -> new HexDecode();
            case "MD5" -> new Md5();
            case "REPLACE_COMMENTS" -> new ReplaceComments();
            case "ESCAPE_SEQ_DECODE" -> new EscapeSeqDecode();
            case "SQL_HEX_DECODE" -> new SqlHexDecode();
            case "CSS_DECODE" -> new CssDecode();
            case "JS_DECODE" -> new JsDecode();
            case "NORMALIZE_PATH" -> new NormalizePath(false);
            case "NORMALIZE_PATH_WIN" -> new NormalizePath(true);
            case "REMOVE_NULLS" -> text -> text.indexOf('\0') < 0 ? text : text.replace("\0", "");
            case "REPLACE_NULLS" -> text -> text.replace('\0', ' ');
            case "UTF8_TO_UNICODE" -> new Utf8ToUnicode();
            default -> throw WafErrors.invalid("TEXT_TRANSFORMATION", type, "The text transformation is not valid.");
        };
    }

    /** The transformations of a statement in priority order (distinct priorities, as AWS requires). */
    static Transform chain(List<TextTransformation> transformations) {
        if (transformations.stream().map(TextTransformation::priority).distinct().count() != transformations.size()) {
            throw WafErrors.invalid("TEXT_TRANSFORMATION", "Priority",
                    "The text transformation priorities must be unique.");
        }
        List<Transform> ordered = transformations.stream().sorted(Comparator.comparing(TextTransformation::priority))
                .map(t -> of(t.type())).toList();
        if (ordered.size() == 1) {
            return ordered.getFirst();
        }
        return text -> {
            String out = text;
            for (Transform t : ordered) {
                out = t.apply(out);
            }
            return out;
        };
    }

    /** The value of a hex digit, -1 when {@code c} is not one. */
    static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }
}
