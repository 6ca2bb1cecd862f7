package dev.garrison.platform.protocol;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.garrison.platform.core.CommonErrors;
import dev.garrison.platform.model.ShapeModel;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;

/** Scalars carried as text (Query parameters, URI labels, query strings, headers), typed by their shape. */
final class TextValues {
    private TextValues() {}

    static Object parse(ShapeModel shape, String text, String where) {
        try {
            return switch (shape.type()) {
                case "string" -> text;
                case "integer" -> Integer.parseInt(text.strip());
                case "long" -> Long.parseLong(text.strip());
                case "double", "float" -> Double.parseDouble(text.strip());
                case "boolean" -> switch (text.strip().toLowerCase(java.util.Locale.ROOT)) {
                    case "true" -> Boolean.TRUE;
                    case "false" -> Boolean.FALSE;
                    default -> throw new IllegalArgumentException();
                };
                case "blob" -> Base64.getMimeDecoder().decode(text);
                case "timestamp" -> timestamp(text.strip());
                default -> throw new IllegalStateException("not a scalar shape: " + shape.type());
            };
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw CommonErrors.serialization("Value '" + Printable.of(text) + "' at '" + where + "' is not a valid "
                    + shape.type() + ".");
        }
    }

    private static Instant timestamp(String text) {
        if (!text.isEmpty() && text.chars().allMatch(c -> Character.isDigit(c) || c == '.')) {
            double seconds = Double.parseDouble(text);
            return Instant.ofEpochMilli(Math.round(seconds * 1000));
        }
        if (text.length() > 3 && Character.isLetter(text.charAt(0))) {
            return ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        }
        return ZonedDateTime.parse(text, DateTimeFormatter.ISO_DATE_TIME).toInstant();
    }

    /** A scalar as text: ISO-8601 timestamps, base64 blobs, plain numbers and booleans. */
    static String format(ShapeModel shape, Object value) {
        return switch (shape.type()) {
            case "blob" -> Base64.getEncoder().encodeToString((byte[]) value);
            case "timestamp" -> DateTimeFormatter.ISO_INSTANT.format((Instant) value);
            default -> value.toString();
        };
    }

    /** A timestamp as HTTP headers carry it. */
    static String httpDate(Instant value) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(value.atZone(java.time.ZoneOffset.UTC));
    }

    static String utf8(byte[] bytes) {
        return new String(bytes, UTF_8);
    }
}
