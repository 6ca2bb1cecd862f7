package dev.garrison.platform.core;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Implemented by a service whose operations act on named resources: the front door authorizes
 * each call against the ARN named here. Services without it are authorized against {@code *}.
 * Both methods read the request as the codec decoded it: members by model name, validated.
 */
public interface OperationResources {
    /**
     * The ARN {@code operation} acts on ({@code *} when none), or null when the front door does not
     * authorize it: the operation needs no permission (sts:GetCallerIdentity) or the service
     * authorizes inside it (KMS key policies).
     */
    @Nullable String resourceArn(CallContext call, String operation, Map<String, Object> request);

    /**
     * The condition keys this call carries beyond the global ones: tags it sets
     * ({@code aws:RequestTag/KEY}, {@code aws:TagKeys}), tags of the resource it acts on
     * ({@code aws:ResourceTag/KEY}), the service's own keys. Keys by name, each with its values.
     */
    default Map<String, List<String>> conditionKeys(CallContext call, String operation, Map<String, Object> request) {
        return Map.of();
    }

    /**
     * For an operation the service authorizes itself ({@link #resourceArn} null): the ARN its
     * audit record names (the key a KMS call uses), or null when there is none to name. Never
     * throws: a request naming nothing that exists is recorded without a resource.
     */
    default @Nullable String auditedResource(CallContext call, String operation, Map<String, Object> request) {
        return null;
    }

    /**
     * For an operation that creates a resource, the ARN its audit record names, read from the
     * response as the codec will encode it (a new KMS key's ARN); null otherwise. Never throws.
     */
    default @Nullable String createdResource(String operation, Map<String, Object> response) {
        return null;
    }
}
