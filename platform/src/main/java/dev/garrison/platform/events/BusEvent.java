package dev.garrison.platform.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * @param detail the detail, a JSON object
 */
public record BusEvent(String id, String source, String detailType, Instant time, String account, String region,
        List<String> resources, JsonNode detail) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public BusEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(detailType, "detailType");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(region, "region");
        resources = List.copyOf(resources);
        Objects.requireNonNull(detail, "detail");
    }

    /** The envelope, sharing this event's detail node. */
    public ObjectNode envelope() {
        ObjectNode envelope = JSON.createObjectNode();
        envelope.put("version", "0");
        envelope.put("id", id);
        envelope.put("detail-type", detailType);
        envelope.put("source", source);
        envelope.put("account", account);
        envelope.put("time", time.truncatedTo(ChronoUnit.SECONDS).toString());
        envelope.put("region", region);
        ArrayNode list = envelope.putArray("resources");
        resources.forEach(list::add);
        envelope.set("detail", detail);
        return envelope;
    }

    /** The envelope as UTF-8 JSON, as it is stored on the bus. */
    byte[] envelopeBytes() {
        try {
            return JSON.writeValueAsBytes(envelope());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
