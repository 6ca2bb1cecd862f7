package dev.garrison.platform.model;

import com.fasterxml.jackson.databind.JsonNode;
import org.jspecify.annotations.Nullable;

/**
 * A member's binding.
 *
 * @param name the member name
 * @param shape the shape it holds
 * @param location {@code uri}, {@code querystring}, {@code header}, {@code headers}, {@code statusCode}, or null for the body
 * @param locationName the name on the wire, or null to use the member name
 */
public record MemberModel(String name, String shape, @Nullable String location, @Nullable String locationName) {

    static MemberModel of(String name, JsonNode node) {
        return new MemberModel(
                name,
                node.get("shape").asText(),
                node.has("location") ? node.get("location").asText() : null,
                node.has("locationName") ? node.get("locationName").asText() : null);
    }

    /** The name this member has on the wire. */
    public String wireName() {
        return locationName != null ? locationName : name;
    }
}
