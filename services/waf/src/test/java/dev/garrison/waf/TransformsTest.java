package dev.garrison.waf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.garrison.api.wafv2.TextTransformation;
import dev.garrison.api.wafv2.WAFInvalidParameterException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every text transformation on the inputs that tell them apart. */
class TransformsTest {
    record Case(String name, String type, String input, String want) {}

    static final List<Case> CASES = List.of(
            new Case("none", "NONE", "A b", "A b"),
            new Case("lowercase ascii only", "LOWERCASE", "SeLeCt \u00c9", "select \u00c9"),
            new Case("compress white space", "COMPRESS_WHITE_SPACE", "a \t\n\r\f\u000b\u00a0 b  c", "a b c"),
            new Case("url decode", "URL_DECODE", "%3Cscript%3e+x%2", "<script> x%2"),
            new Case("url decode, an escaped plus stays", "URL_DECODE", "a+%2B+b%2b%", "a + b+%"),
            new Case("url decode, long stretches between escapes", "URL_DECODE",
                    "q=blue+running+shoes%21and+more+words+than+sixteen%0A+then%%+a+malformed+one+at+the+end%4",
                    "q=blue running shoes!and more words than sixteen\n then%% a malformed one at the end%4"),
            new Case("url decode uni", "URL_DECODE_UNI", "%u003c%uFF1Cx%41", "<<xA"),
            new Case("html entities", "HTML_ENTITY_DECODE", "&lt;a&gt;&quot;&amp;&#x41;&#66;&#67&nbsp;&bogus;",
                    "<a>\"&ABC\u00a0&bogus;"),
            new Case("html entities after bare ampersands", "HTML_ENTITY_DECODE", "a=1&b=&lt;i&c&#x3e;&", "a=1&b=<i&c>&"),
            new Case("html entities, none", "HTML_ENTITY_DECODE", "a=1&b=2&#;&#x", "a=1&b=2&#;&#x"),
            new Case("html entities in either case", "HTML_ENTITY_DECODE", "&QUOT;&Amp;&lT;&GT;&NBSP;&ampx&l&Q", "\"&<>\u00a0&ampx&l&Q"),
            new Case("cmd line", "CMD_LINE", "C^M\"D /C ,Who'Am\\I ;  (ls)", "cmd/c whoami(ls)"),
            new Case("base64", "BASE64_DECODE", "PHNjcmlwdD4=!ignored", "<script>"),
            new Case("base64 ext skips junk", "BASE64_DECODE_EXT", "PHNj.cmlw-dD4=", "<script>"),
            new Case("hex", "HEX_DECODE", "3c7363726970743e", "<script>"),
            new Case("hex, not hex", "HEX_DECODE", "3c7", "3c7"),
            new Case("replace comments", "REPLACE_COMMENTS", "UNION/**/SELECT/* x */1/* open", "UNION SELECT 1 "),
            new Case("escape sequences", "ESCAPE_SEQ_DECODE", "\\x3c\\n\\101\\q", "<\nAq"),
            new Case("sql hex", "SQL_HEX_DECODE", "SELECT 0x414243, 0x4", "SELECT ABC, 0x4"),
            new Case("css", "CSS_DECODE", "\\3c script\\3E\\\\x", "<script>\\x"),
            new Case("js", "JS_DECODE", "\\u003cscript\\x3e\\101\\n\\q", "<script>A\nq"),
            new Case("normalize path", "NORMALIZE_PATH", "/a//b/./c/../d/", "/a/b/d/"),
            new Case("normalize path above root", "NORMALIZE_PATH", "/../../etc/passwd", "/etc/passwd"),
            new Case("normalize windows path", "NORMALIZE_PATH_WIN", "\\a\\..\\b\\c", "/b/c"),
            new Case("remove nulls", "REMOVE_NULLS", "a\0b\0", "ab"),
            new Case("replace nulls", "REPLACE_NULLS", "a\0b", "a b"),
            new Case("utf-8 to unicode", "UTF8_TO_UNICODE", latin1("é<"), "%u00e9<"));

    @Test
    void eachTransformationDoesWhatItsNameSays() {
        for (Case c : CASES) {
            assertThat(Transforms.of(c.type()).apply(c.input())).as(c.name()).isEqualTo(c.want());
        }
    }

    @Test
    void md5IsTheRawDigest() {
        assertThat(HexFormat.of().formatHex(Transforms.of("MD5").apply("abc").getBytes(StandardCharsets.ISO_8859_1)))
                .isEqualTo("900150983cd24fb0d6963f7d28e17f72");
    }

    @Test
    void aChainRunsInPriorityOrderAndRefusesRepeatedPriorities() {
        Transform chain = Transforms.chain(List.of(new TextTransformation(2, "LOWERCASE"), new TextTransformation(1, "URL_DECODE"),
                new TextTransformation(3, "COMPRESS_WHITE_SPACE")));
        assertThat(chain.apply("%53ELECT%20%20%2A")).isEqualTo("select *");
        assertThatThrownBy(() -> Transforms.chain(List.of(new TextTransformation(1, "LOWERCASE"),
                new TextTransformation(1, "URL_DECODE")))).isInstanceOf(WAFInvalidParameterException.class);
    }

    /** UTF-8 text as the engine holds it: one char per byte. */
    private static String latin1(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }
}
