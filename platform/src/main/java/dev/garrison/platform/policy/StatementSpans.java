package dev.garrison.platform.policy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Where each statement of a policy's text starts and ends (line and column, from 1), in order:
 * what a simulation's MatchedStatements point at.
 */
public final class StatementSpans {
    private static final JsonFactory JSON = new JsonFactory();

    /** One statement's place in the text. */
    public record Span(int startLine, int startColumn, int endLine, int endColumn) {}

    private StatementSpans() {}

    /** The spans of the statements of {@code text}, a policy that parsed; empty if it cannot be read. */
    public static List<Span> of(String text) {
        List<Span> spans = new ArrayList<>();
        try (JsonParser parser = JSON.createParser(text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return spans;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                boolean statements = parser.currentName().equals("Statement");
                JsonToken value = parser.nextToken();
                if (!statements) {
                    parser.skipChildren();
                    continue;
                }
                if (value == JsonToken.START_OBJECT) {
                    spans.add(span(parser));
                } else if (value == JsonToken.START_ARRAY) {
                    while (parser.nextToken() == JsonToken.START_OBJECT) {
                        spans.add(span(parser));
                    }
                }
                return spans;
            }
        } catch (IOException e) {
            return List.of();
        }
        return spans;
    }

    /** The span of the object the parser stands at the start of; leaves it at the object's end. */
    private static Span span(JsonParser parser) throws IOException {
        JsonLocation start = parser.currentTokenLocation();
        parser.skipChildren();
        JsonLocation end = parser.currentTokenLocation();
        return new Span(start.getLineNr(), start.getColumnNr(), end.getLineNr(), end.getColumnNr() + 1);
    }
}
