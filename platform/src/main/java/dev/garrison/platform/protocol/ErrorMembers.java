package dev.garrison.platform.protocol;

import dev.garrison.platform.core.AwsException;
import dev.garrison.platform.model.MemberModel;
import dev.garrison.platform.model.ServiceModel;
import dev.garrison.platform.model.ShapeModel;
import java.util.LinkedHashMap;
import java.util.Map;

/** The extra members of a modelled error, under their wire names; blobs and timestamps as JSON writes them. */
final class ErrorMembers {
    private ErrorMembers() {}

    static Map<String, Object> wireMembers(ServiceModel model, AwsException error) {
        Map<String, Object> members = error.members();
        if (members.isEmpty()) {
            return Map.of();
        }
        ShapeModel shape = model.findShape(error.getClass().getSimpleName());
        Map<String, Object> out = new LinkedHashMap<>();
        members.forEach((name, value) -> {
            MemberModel member = shape == null ? null : shape.members().get(name);
            out.put(member == null ? name : member.wireName(), value instanceof java.time.Instant t
                    ? t.toEpochMilli() / 1000.0 : value);
        });
        return out;
    }
}
