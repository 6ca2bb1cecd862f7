package dev.garrison.waf;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * {@code JsonBody}: the body parsed as JSON, inspecting the keys, the values or both of the
 * elements the match pattern selects (all, or those at the given JSON pointers and beneath). A
 * body that is not valid JSON takes the rule's fallback: MATCH, NO_MATCH, EVALUATE_AS_STRING
 * (the body as text), or by default what was parsed before the error.
 */
final class JsonBodyField implements Field {
    private static final JsonFactory JSON = new JsonFactory();

    private final MapScope scope;
    private final @Nullable Set<String> includedPaths;
    private final @Nullable String fallback;
    private final Oversize oversize;
    /** The length of the longest included path. */
    private final int longestIncluded;

    JsonBodyField(MapScope scope, @Nullable Set<String> includedPaths, @Nullable String fallback, Oversize oversize) {
        this.scope = scope;
        this.includedPaths = includedPaths;
        this.longestIncluded = includedPaths == null ? 0 : includedPaths.stream().mapToInt(String::length).max().orElse(0);
        this.fallback = fallback;
        this.oversize = oversize;
    }

    /** The keys and values read, and whether the body was valid JSON throughout. */
    private record Parsed(List<String> keys, List<String> values, boolean valid) {}

    @Override
    public List<String> values(WebRequest request) {
        if (request.body().isEmpty()) {
            return List.of();
        }
        Parsed parsed = parse(request.body());
        if (!parsed.valid() && "EVALUATE_AS_STRING".equals(fallback)) {
            return List.of(request.body());
        }
        return switch (scope) {
            case KEY -> parsed.keys();
            case VALUE -> parsed.values();
            case ALL -> {
                List<String> all = new ArrayList<>(parsed.keys());
                all.addAll(parsed.values());
                yield all;
            }
        };
    }

    @Override
    public @Nullable Boolean oversize(WebRequest request) {
        if (request.bodyOversize() && oversize.verdict() != null) {
            return oversize.verdict();
        }
        if (!request.body().isEmpty() && ("MATCH".equals(fallback) || "NO_MATCH".equals(fallback))
                && !parse(request.body()).valid()) {
            return "MATCH".equals(fallback);
        }
        return null;
    }

    /**
     * An object or array being read: whether the match pattern selects it (and so all beneath it),
     * its JSON pointer while one beneath it may still be selected (null once none can, or all
     * are), and where in it the parser is. Pointers are built only while they can decide
     * something: built for every element, an 8 KB body nested a thousand deep cost 2 ms to read.
     */
    private static final class Frame {
        final boolean selected;
        final @Nullable String pointer;
        final boolean array;
        int index;
        String field = "";

        Frame(boolean selected, @Nullable String pointer, boolean array) {
            this.selected = selected;
            this.pointer = pointer;
            this.array = array;
        }

        String child() {
            return pointer + "/" + (array ? Integer.toString(index) : escape(field));
        }
    }

    /** The body last parsed, by identity: {@link #oversize} and {@link #values} read one request's body alike. */
    private volatile @Nullable Read last;

    private record Read(String body, Parsed parsed) {}

    private Parsed parse(String text) {
        Read read = last;
        if (read != null && read.body() == text) {
            return read.parsed();
        }
        Parsed parsed = parseAnew(text);
        last = new Read(text, parsed);
        return parsed;
    }

    private Parsed parseAnew(String text) {
        byte[] body = text.getBytes(StandardCharsets.ISO_8859_1);
        List<String> keys = new ArrayList<>();
        List<String> values = new ArrayList<>();
        Deque<Frame> frames = new ArrayDeque<>();
        try (JsonParser parser = JSON.createParser(body)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                Frame top = frames.peek();
                switch (token) {
                    case START_OBJECT, START_ARRAY -> frames.push(open(top, token == JsonToken.START_ARRAY));
                    case END_OBJECT, END_ARRAY -> {
                        frames.pop();
                        advance(frames.peek());
                    }
                    case FIELD_NAME -> {
                        top.field = parser.currentName();
                        if (selectedChild(top)) {
                            keys.add(latin1(top.field));
                        }
                    }
                    default -> {
                        if (selectedChild(top)) {
                            values.add(latin1(token == JsonToken.VALUE_NULL ? "null" : parser.getText()));
                        }
                        advance(top);
                    }
                }
            }
            return new Parsed(keys, values, true);
        } catch (IOException e) {
            return new Parsed(keys, values, false);
        }
    }

    /** The frame of an object or array that starts in {@code top} (null: at the top level). */
    private Frame open(@Nullable Frame top, boolean array) {
        if (includedPaths == null || top != null && top.selected) {
            return new Frame(true, null, array);
        }
        if (top != null && top.pointer == null) {
            return new Frame(false, null, array);
        }
        String pointer = top == null ? "" : top.child();
        boolean selected = selected(pointer);
        // not selected and as long as the longest included path: nothing beneath can be selected
        // (an included path it does not equal or lie under is no prefix of what lies beneath it)
        return new Frame(selected, selected || pointer.length() >= longestIncluded ? null : pointer, array);
    }

    /** Whether the element {@code top} is at now (the top-level value when null) is selected. */
    private boolean selectedChild(@Nullable Frame top) {
        if (includedPaths == null || top != null && top.selected) {
            return true;
        }
        if (top == null) {
            return selected("");
        }
        return top.pointer != null && selected(top.child());
    }

    private static void advance(@Nullable Frame frame) {
        if (frame != null && frame.array) {
            frame.index++;
        }
    }

    private boolean selected(String pointer) {
        if (includedPaths == null) {
            return true;
        }
        for (String included : includedPaths) {
            if (pointer.equals(included) || pointer.startsWith(included.endsWith("/") ? included : included + "/")) {
                return true;
            }
        }
        return false;
    }

    private static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }

    /** Text as the engine holds it: its UTF-8 bytes, one char each (ASCII text is that already). */
    private static String latin1(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
            }
        }
        return text;
    }

    @Override
    public String location() {
        return "BODY";
    }
}
