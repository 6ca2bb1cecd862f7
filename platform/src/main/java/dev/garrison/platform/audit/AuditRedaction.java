package dev.garrison.platform.audit;

import dev.garrison.platform.model.MemberModel;
import dev.garrison.platform.model.ServiceModel;
import dev.garrison.platform.model.ShapeModel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Request parameters and response elements as CloudTrail shows them: member names in
 * lowerCamelCase, and every member the model marks sensitive (plaintexts, secret keys, tokens,
 * passwords; also MFA one-time codes) or that is binary (ciphertexts, key material) left out, as
 * CloudTrail omits them.
 */
final class AuditRedaction {
    /**
     * Shapes the models leave unmarked that are secrets all the same: the one-time codes of MFA
     * devices (IAM's EnableMFADevice and ResyncMFADevice, STS's TokenCode).
     */
    private static final Set<String> ONE_TIME_CODES = Set.of("authenticationCodeType", "tokenCodeType");

    private AuditRedaction() {}

    static @Nullable Object visible(ServiceModel model, String shapeName, @Nullable Object value) {
        if (value == null) {
            return null;
        }
        ShapeModel shape = model.shape(shapeName);
        if (shape.sensitive() || ONE_TIME_CODES.contains(shapeName)) {
            return null;
        }
        return switch (shape.type()) {
            case "structure" -> structure(model, shape, (Map<?, ?>) value);
            case "list" -> list(model, shape, (List<?>) value);
            case "map" -> map(model, shape, (Map<?, ?>) value);
            case "blob" -> null;
            case "timestamp" -> value instanceof Instant instant ? instant.toString() : value;
            default -> value;
        };
    }

    private static Map<String, Object> structure(ServiceModel model, ShapeModel shape, Map<?, ?> tree) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (MemberModel member : shape.members().values()) {
            Object shown = visible(model, member.shape(), tree.get(member.name()));
            if (shown != null) {
                out.put(Character.toLowerCase(member.name().charAt(0)) + member.name().substring(1), shown);
            }
        }
        return out;
    }

    private static List<Object> list(ServiceModel model, ShapeModel shape, List<?> items) {
        List<Object> out = new ArrayList<>();
        for (Object item : items) {
            Object shown = visible(model, shape.listMember().shape(), item);
            if (shown != null) {
                out.add(shown);
            }
        }
        return out;
    }

    private static Map<String, Object> map(ServiceModel model, ShapeModel shape, Map<?, ?> entries) {
        if (model.shape(shape.mapKey().shape()).sensitive()) {
            return Map.of();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        entries.forEach((k, v) -> {
            Object shown = visible(model, shape.mapValue().shape(), v);
            if (shown != null) {
                out.put(String.valueOf(k), shown);
            }
        });
        return out;
    }
}
