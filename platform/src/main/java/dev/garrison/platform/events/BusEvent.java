package dev.garrison.platform.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/**
 * One event on the bus, in EventBridge's envelope: {@code version}, {@code id},
 * {@code detail-type}, {@code source}, {@code account}, {@code time}, {@code region},
 * {@code resources} and {@code detail}.
 *
 * @param detailJson the detail as JSON object text, copied into the envelope as it is
 */
public record BusEvent(String id, String source, String detailType, Instant time, String account, String region,
        List<String> resources, String detailJson) {
    private static final JsonFactory JSON = new JsonFactory();

    public BusEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(detailType, "detailType");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(region, "region");
        resources = List.copyOf(resources);
        Objects.requireNonNull(detailJson, "detailJson");
    }

    /** The envelope as UTF-8 JSON, as EventBridge delivers it to targets. */
    public byte[] envelope() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(detailJson.length() + 256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("version", "0");
            g.writeStringField("id", id);
            g.writeStringField("detail-type", detailType);
            g.writeStringField("source", source);
            g.writeStringField("account", account);
            g.writeStringField("time", time.truncatedTo(ChronoUnit.SECONDS).toString());
            g.writeStringField("region", region);
            g.writeArrayFieldStart("resources");
            for (String resource : resources) {
                g.writeString(resource);
            }
            g.writeEndArray();
            g.writeFieldName("detail");
            g.writeRawValue(detailJson);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
