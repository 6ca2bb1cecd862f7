package dev.garrison.waf;

import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides whether text is cross-site scripting: it reads the text as HTML where it could land
 * (between tags, or inside an attribute value it breaks out of) and looks for what makes a browser
 * run script: elements that load or run code, event handler attributes, URLs with a script
 * scheme (after the entity and whitespace tricks browsers forgive), and script in styles.
 */
final class XssDetector {
    private static final Set<String> TAGS = Set.of("script", "iframe", "frame", "frameset", "object", "embed", "applet",
            "meta", "base", "link", "style", "svg", "math", "isindex", "xml", "import", "xss", "layer", "ilayer", "bgsound",
            "vmlframe", "animate", "set", "handler", "listener", "portal", "template", "noscript", "xmp", "plaintext",
            "comment", "body", "html", "form", "button", "textarea", "keygen", "marquee", "details", "video", "audio",
            "source", "image", "event-source", "x", "blink", "foreignobject", "use", "title");
    private static final Set<String> URL_ATTRIBUTES = Set.of("href", "src", "action", "formaction", "data", "background",
            "dynsrc", "lowsrc", "xlink:href", "from", "to", "values", "poster", "codebase", "srcdoc", "content", "style",
            "by", "folder", "datasrc", "code", "url", "xmlns", "contentdocument");
    private static final String[] SCHEMES = {"javascript:", "vbscript:", "livescript:", "vbs:", "data:", "mocha:", "jscript:"};
    private static final String SCHEME_STARTS = Arrays.stream(SCHEMES).map(s -> s.substring(0, 1)).distinct()
            .collect(Collectors.joining());
    /** Event handler attributes that act even outside a tag, when text lands in an unquoted attribute. */
    private static final Set<String> HANDLERS = Set.of("onerror", "onload", "onmouseover", "onmouseout", "onmousemove",
            "onmousedown", "onmouseup", "onmouseenter", "onmouseleave", "onclick", "ondblclick", "onfocus", "onblur",
            "onchange", "onsubmit", "onreset", "onselect", "onkeydown", "onkeyup", "onkeypress", "oninput", "onscroll",
            "onresize", "onunload", "onbeforeunload", "onabort", "ontoggle", "onanimationstart", "onanimationend",
            "ontransitionend", "onpageshow", "onhashchange", "onmessage", "onpopstate", "onwheel", "ondrag", "ondragstart",
            "ondrop", "oncopy", "oncut", "onpaste", "oncontextmenu", "onplay", "onplaying", "onpause", "onended",
            "oncanplay", "onloadstart", "onloadeddata", "onbegin", "onend", "onstart", "onfinish", "onbounce",
            "onreadystatechange", "onpropertychange", "onfilterchange", "onactivate", "onbeforeactivate", "onfocusin",
            "onfocusout", "onpointerover", "onpointerdown", "onpointerup", "onpointermove", "onpointerenter",
            "ontouchstart", "ontouchend", "ontouchmove", "onsearch", "oninvalid", "onafterprint", "onbeforeprint",
            "ononline", "onoffline", "onstorage", "onshow");

    private XssDetector() {}

    /** Whether {@code text} (already decoded by the rule's text transformations) is cross-site scripting. */
    static boolean detect(String text) {
        if (text.isEmpty() || !(startsLikeUrl(text) || OPENINGS.mayHold(text) && mayHold(text))) {
            return false;
        }
        String lower = text.toLowerCase(Locale.ROOT).replace("\0", "");
        Reading read = new Reading(lower.length());
        if (scriptUrl(lower.strip()) || markup(lower, read) || handlerAssigned(lower) || cssScript(lower)) {
            return true;
        }
        for (String quote : new String[] {"\"", "'", "`"}) {
            int at = lower.indexOf(quote);
            if (at >= 0 && attributes(lower, at + 1, read)) {
                return true;
            }
        }
        return false;
    }

    /** Where {@link #mayHold} may answer yes: NULs are there too, as it skips them between letters. */
    private static final LiteralFilter OPENINGS = LiteralFilter.of(List.of("on", "url"), "<\"'`\0", true);
    /** What {@link #mayHold} makes of each character below 0x7f: most are {@link #PLAIN}. */
    private static final byte[] KINDS = new byte[0x7f];
    private static final byte PLAIN = 0;
    private static final byte NUL = 1;
    private static final byte OPENS = 2;
    private static final byte O = 3;
    private static final byte N = 4;
    private static final byte U = 5;
    private static final byte R = 6;
    private static final byte L = 7;

    static {
        KINDS[0] = NUL;
        for (char c : "<\"'`".toCharArray()) {
            KINDS[c] = OPENS;
        }
        byte[] letters = {O, N, U, R, L};
        for (int k = 0; k < letters.length; k++) {
            char letter = "onurl".charAt(k);
            KINDS[letter] = letters[k];
            KINDS[Character.toUpperCase(letter)] = letters[k];
        }
    }

    /** Whether the first character after leading spaces may begin a script URL (or an entity hiding one). */
    private static boolean startsLikeUrl(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c > ' ') {
                return c < 0x7f && (c == '&' || SCHEME_STARTS.indexOf(c | 0x20) >= 0);
            }
        }
        return false;
    }

    /**
     * Whether {@code text} holds what one of {@link #detect}'s other readings starts from: a
     * {@code <}, a quote, {@code on} or {@code url} in any case, or a character beyond ASCII
     * (lowercasing one may make ASCII letters). NULs are skipped, as detect drops them. Most benign
     * values hold none of it, and are then not lowercased and searched once for each reading: that
     * was a tenth of a web ACL's work on a 2 KB form body. Each character is looked up in
     * {@link #KINDS}, one load and one compare for most: comparing each with every character of
     * interest took twice as long.
     */
    private static boolean mayHold(String text) {
        int n = text.length();
        char[] chars = Scratch.chars(text);
        int previous = PLAIN;
        int before = PLAIN;
        for (int i = 0; i < n; i++) {
            char c = chars[i];
            if (c > 0x7e) {
                return true;
            }
            int kind = KINDS[c];
            if (kind == PLAIN) {
                before = previous;
                previous = PLAIN;
                continue;
            }
            if (kind == OPENS || kind == N && previous == O || kind == L && previous == R && before == U) {
                return true;
            }
            if (kind != NUL) {
                before = previous;
                previous = kind;
            }
        }
        return false;
    }

    /**
     * Every tag in the text, wherever it starts: a tag's attributes are read from the end of its
     * name ({@link #attributes}), and the text after a tag is read by this same scan.
     */
    private static boolean markup(String s, Reading read) {
        int lastBracket = s.lastIndexOf('[');
        int i = s.indexOf('<');
        while (i >= 0 && i + 1 < s.length()) {
            char c = s.charAt(i + 1);
            if (c == '!' || c == '?') {
                if (s.startsWith("<!entity", i) || s.startsWith("<?xml", i) || s.startsWith("<?import", i)
                        || s.startsWith("<!attlist", i) || s.startsWith("<!doctype", i) && lastBracket > i
                        || s.startsWith("<![cdata[", i) && s.indexOf('<', i + 9) >= 0) {
                    return true;
                }
            } else if (c >= 'a' && c <= 'z' || c == '/' && i + 2 < s.length() && s.charAt(i + 2) >= 'a' && s.charAt(i + 2) <= 'z') {
                int start = i + (c == '/' ? 2 : 1);
                int end = start;
                while (end < s.length() && (Character.isLetterOrDigit(s.charAt(end)) || s.charAt(end) == ':'
                        || s.charAt(end) == '-' || s.charAt(end) == '_')) {
                    end++;
                }
                String name = s.substring(start, end);
                if (c != '/' && (TAGS.contains(name.contains(":") ? name.substring(name.indexOf(':') + 1) : name)
                        && dangerousTag(name, s, end) || name.startsWith("xsl:") || name.startsWith("svg:"))) {
                    return true;
                }
                if (attributes(s, end, read)) {
                    return true;
                }
            }
            i = s.indexOf('<', i + 1);
        }
        return false;
    }

    /** Whether a tag named {@code name} is dangerous as written: most are, a few only with attributes that act. */
    private static boolean dangerousTag(String name, String s, int end) {
        return switch (name) {
            case "title", "form", "button", "textarea", "details", "video", "audio", "source", "image", "body", "html", "x",
                    "blink", "marquee", "template", "noscript", "xmp", "plaintext", "comment", "keygen", "use" -> false;
            default -> end >= s.length() || !Character.isLetterOrDigit(s.charAt(end));
        };
    }

    /**
     * The attributes of a tag whose name ended at {@code from}, or of the tag the text is inside
     * after breaking out of a quoted attribute value: an event handler, or a URL attribute with a
     * script scheme. What follows the tag's {@code >} is {@link #markup}'s to read.
     */
    private static boolean attributes(String s, int from, Reading read) {
        int i = from;
        while (i < s.length()) {
            if (read.started.get(i)) {
                return false;
            }
            read.started.set(i);
            char c = s.charAt(i);
            if (c == '>') {
                return false;
            }
            if (separator(c) || c == '"' || c == '\'' || c == '`') {
                i++;
                continue;
            }
            int start = i;
            while (i < s.length() && !separator(s.charAt(i)) && s.charAt(i) != '=' && s.charAt(i) != '>') {
                i++;
            }
            int j = i;
            while (j < s.length() && separator(s.charAt(j))) {
                j++;
            }
            if (read.spend(j - start)) {
                return true;
            }
            if (j >= s.length() || s.charAt(j) != '=') {
                continue;
            }
            String name = s.substring(start, i);
            j++;
            while (j < s.length() && Character.isWhitespace(s.charAt(j))) {
                j++;
            }
            String value;
            if (j < s.length() && (s.charAt(j) == '"' || s.charAt(j) == '\'' || s.charAt(j) == '`')) {
                int close = s.indexOf(s.charAt(j), j + 1);
                value = s.substring(j + 1, close < 0 ? s.length() : close);
                i = close < 0 ? s.length() : close + 1;
            } else {
                int v = j;
                while (v < s.length() && !separator(s.charAt(v)) && s.charAt(v) != '>') {
                    v++;
                }
                value = s.substring(j, v);
                i = v;
            }
            if (read.spend(value.length())) {
                return true;
            }
            if (handler(name) || URL_ATTRIBUTES.contains(name) && active(name, value)
                    || name.equals("dataformatas") && value.strip().equals("html") || name.endsWith(":handler")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Where attribute readings began, and how much more they may read. A reading from a place is
     * the same whichever tag it came from, and it found nothing the first time (or detect would
     * have ended), so it is not done twice; when a tag's end read the rest of the text anew, 200
     * characters of {@code <br>} held an event loop for minutes. What remains can still make
     * readings overlap (names that run through many tags), so they may read 32 times the text in
     * all: text built to make them read more is an attack on the reader, and counts as a match.
     */
    private static final class Reading {
        final BitSet started;
        private long budget;

        Reading(int length) {
            started = new BitSet(length);
            budget = 32L * length + 4096;
        }

        /** Counts {@code chars} read; true when that is more than the text allows. */
        boolean spend(int chars) {
            budget -= chars;
            return budget < 0;
        }
    }

    private static boolean separator(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '/' || c == 0x0b || c == 0;
    }

    /** {@code onload}, {@code onerror} and the rest: two letters {@code on} then a letter. */
    private static boolean handler(String name) {
        String bare = name.startsWith("xlink:") ? name.substring(6) : name;
        return bare.length() > 3 && bare.startsWith("on") && Character.isLetter(bare.charAt(2));
    }

    private static boolean active(String name, String value) {
        String plain = compact(entities(value));
        if (name.equals("style")) {
            String css = compact(new ReplaceComments().apply(new CssDecode().apply(plain))).replace(" ", "");
            return css.contains("expression(") || css.contains("javascript:") || css.contains("behavior:")
                    || css.contains("behaviour:") || css.contains("binding:") || css.contains("@import")
                    || css.contains("vbscript:");
        }
        if (name.equals("content")) {
            return plain.contains("javascript:") || plain.contains("data:text/html") || plain.contains("vbscript:");
        }
        return scriptUrl(plain);
    }

    /** Whether a known event handler name stands alone in the text, followed by {@code =}. */
    private static boolean handlerAssigned(String s) {
        int at = s.indexOf("on");
        while (at >= 0) {
            if (at == 0 || "\\ \t\n\r\f\"'`/;".indexOf(s.charAt(at - 1)) >= 0) {
                int end = at + 2;
                while (end < s.length() && s.charAt(end) >= 'a' && s.charAt(end) <= 'z') {
                    end++;
                }
                int eq = end;
                while (eq < s.length() && Character.isWhitespace(s.charAt(eq))) {
                    eq++;
                }
                if (eq < s.length() && s.charAt(eq) == '=' && HANDLERS.contains(s.substring(at, end))) {
                    return true;
                }
            }
            at = s.indexOf("on", at + 2);
        }
        return false;
    }

    /** A CSS {@code url(...)} or {@code expression(...)} that runs script, wherever it stands. */
    private static boolean cssScript(String s) {
        int at = s.indexOf("url");
        while (at >= 0) {
            int i = at + 3;
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            int end = Math.min(s.length(), i + 64);
            if (i < s.length() && s.charAt(i) == '(' && mayStartScheme(s, i + 1, end, true)) {
                String rest = compact(s.substring(i + 1, end)).replace("'", "").replace("\"", "");
                if (scriptUrl(rest)) {
                    return true;
                }
            }
            at = s.indexOf("url", at + 3);
        }
        return false;
    }

    /** A URL whose scheme runs script, once control characters and whitespace browsers skip are gone. */
    private static boolean scriptUrl(String text) {
        if (!mayStartScheme(text, 0, text.length(), false)) {
            return false;
        }
        String plain = compact(entities(text));
        for (String scheme : SCHEMES) {
            if (plain.startsWith(scheme)) {
                return !scheme.equals("data:") || plain.startsWith("data:text/html") || plain.contains("base64")
                        || plain.contains("<");
            }
        }
        return false;
    }

    /**
     * Whether the first character browsers do not skip, from {@code from} to {@code end} of
     * {@code text}, could begin a scheme: one of the schemes' first letters or a character
     * reference. Any other text is no script URL, however long. With {@code quotes}, quotes are
     * skipped too, as {@link #cssScript} drops them: it looks in place before it copies what follows
     * a {@code url(} (copying every one first took 2.5 ms over 8 KB of them).
     */
    private static boolean mayStartScheme(String text, int from, int end, boolean quotes) {
        for (int i = from; i < end; i++) {
            char c = text.charAt(i);
            if (c > ' ' && c != 0x7f && !(quotes && (c == '\'' || c == '"'))) {
                return c == '&' || SCHEME_STARTS.indexOf(c) >= 0;
            }
        }
        return false;
    }

    /** Without whitespace and control characters, which browsers ignore inside a URL's scheme. */
    private static String compact(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c > ' ' && c != 0x7f) {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Numeric character references and the named ones used to hide a scheme. */
    private static String entities(String text) {
        if (text.indexOf('&') < 0) {
            return text;
        }
        String named = text.replace("&colon;", ":").replace("&tab;", "\t").replace("&newline;", "\n")
                .replace("&lpar;", "(").replace("&rpar;", ")").replace("&quot;", "\"").replace("&apos;", "'")
                .replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
        return new HtmlEntityDecode().apply(named).toLowerCase(Locale.ROOT);
    }
}
