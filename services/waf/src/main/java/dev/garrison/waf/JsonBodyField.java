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

    JsonBodyField(MapScope scope, @Nullable Set<String> includedPaths, @Nullable String fallback, Oversize oversize) {
        this.scope = scope;
        this.includedPaths = includedPaths;
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

    /** An object or array being read: its JSON pointer, and where in it the parser is. */
    private static final class Frame {
        final String pointer;
        final boolean array;
        int index;
        String field = "";

        Frame(String pointer, boolean array) {
            this.pointer = pointer;
            this.array = array;
        }

        String child() {
            return pointer + "/" + (array ? Integer.toString(index) : escape(field));
        }
    }

    private Parsed parse(String text) {
        byte[] body = text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        List<String> keys = new ArrayList<>();
        List<String> values = new ArrayList<>();
        Deque<Frame> frames = new ArrayDeque<>();
        try (JsonParser parser = JSON.createParser(body)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                Frame top = frames.peek();
                switch (token) {
                    case START_OBJECT, START_ARRAY -> frames.push(new Frame(top == null ? "" : top.child(),
                            token == JsonToken.START_ARRAY));
                    case END_OBJECT, END_ARRAY -> {
                        frames.pop();
                        advance(frames.peek());
                    }
                    case FIELD_NAME -> {
                        top.field = parser.currentName();
                        if (selected(top.child())) {
                            keys.add(latin1(top.field));
                        }
                    }
                    default -> {
                        if (selected(top == null ? "" : top.child())) {
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

    /** Text as the engine holds it: its UTF-8 bytes, one char each. */
    private static String latin1(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    @Override
    public String location() {
        return "BODY";
    }
}
