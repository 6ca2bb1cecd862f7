package dev.garrison.platform.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A shape's wire description: its type, members and their bindings, list and map parts.
 *
 * @param name the shape name
 * @param type {@code structure}, {@code list}, {@code map}, {@code string}, {@code blob}, ...
 * @param members the members of a structure, in model order
 * @param listMember the element of a list
 * @param mapKey the key of a map
 * @param mapValue the value of a map
 * @param payload the member that is the whole REST body, or null
 * @param sensitive whether values must never be shown
 */
public record ShapeModel(
        String name,
        String type,
        Map<String, MemberModel> members,
        @Nullable MemberModel listMember,
        @Nullable MemberModel mapKey,
        @Nullable MemberModel mapValue,
        @Nullable String payload,
        boolean sensitive) {

    static ShapeModel of(String name, JsonNode node) {
        Map<String, MemberModel> members = new LinkedHashMap<>();
        node.path("members").properties().forEach(e -> members.put(e.getKey(), MemberModel.of(e.getKey(), e.getValue())));
        return new ShapeModel(
                name,
                node.get("type").asText(),
                java.util.Collections.unmodifiableMap(members),
                node.has("member") ? MemberModel.of("member", node.get("member")) : null,
                node.has("key") ? MemberModel.of("key", node.get("key")) : null,
                node.has("value") ? MemberModel.of("value", node.get("value")) : null,
                node.has("payload") ? node.get("payload").asText() : null,
                node.path("sensitive").asBoolean(false));
    }

    public boolean isStructure() {
        return type.equals("structure");
    }
}
