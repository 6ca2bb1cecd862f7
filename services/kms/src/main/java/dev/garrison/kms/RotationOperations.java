package dev.garrison.kms;

import dev.garrison.api.kms.DisabledException;
import dev.garrison.api.kms.EnableKeyRotationRequest;
import dev.garrison.api.kms.GetKeyRotationStatusResponse;
import dev.garrison.api.kms.KMSInvalidStateException;
import dev.garrison.api.kms.LimitExceededException;
import dev.garrison.api.kms.ListKeyRotationsRequest;
import dev.garrison.api.kms.ListKeyRotationsResponse;
import dev.garrison.api.kms.RotateKeyOnDemandResponse;
import dev.garrison.api.kms.RotationsListEntry;
import dev.garrison.platform.core.CallContext;
import dev.garrison.platform.core.NamePages;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * EnableKeyRotation, DisableKeyRotation, GetKeyRotationStatus, RotateKeyOnDemand,
 * ListKeyRotations. Rotation adds key material; every older version keeps decrypting what it
 * encrypted. Automatic rotation runs on the clock (see {@link KeyStore}).
 */
final class RotationOperations {
    /** KMS's default automatic rotation period. */
    private static final int DEFAULT_PERIOD_DAYS = 365;
    /** KMS's quota of on-demand rotations per key. */
    private static final int MAX_ON_DEMAND = 25;

    private final KeyStore keys;
    private final KeyAccess access;
    private final Clock clock;

    RotationOperations(KeyStore keys, KeyAccess access, Clock clock) {
        this.keys = keys;
        this.access = access;
        this.clock = clock;
    }

    void enable(CallContext call, EnableKeyRotationRequest request) {
        int days = request.rotationPeriodInDays() == null ? DEFAULT_PERIOD_DAYS : request.rotationPeriodInDays();
        KmsKey key = rotatable(call, "EnableKeyRotation", request.keyId(),
                Map.of("kms:RotationPeriodInDays", List.of(Integer.toString(days))));
        keys.update(key.withRotation(days, clock.instant().plus(Duration.ofDays(days))));
    }

    void disable(CallContext call, String keyId) {
        KmsKey key = rotatable(call, "DisableKeyRotation", keyId, Map.of());
        keys.update(key.withRotation(null, null));
    }

    GetKeyRotationStatusResponse status(CallContext call, String keyId) {
        KmsKey key = access.findKey(call, keyId);
        access.authorize(call, "GetKeyRotationStatus", new KeyAccess.Found(key, null), Map.of());
        if (key.pendingDeletion()) {
            throw new KMSInvalidStateException(key.arn() + " is pending deletion.");
        }
        return GetKeyRotationStatusResponse.builder().keyId(key.arn()).keyRotationEnabled(key.rotationPeriodDays() != null)
                .rotationPeriodInDays(key.rotationPeriodDays()).nextRotationDate(key.nextRotation()).build();
    }

    RotateKeyOnDemandResponse rotateNow(CallContext call, String keyId) {
        KmsKey key = rotatable(call, "RotateKeyOnDemand", keyId, Map.of());
        long done = key.materials().stream().filter(m -> "ON_DEMAND".equals(m.rotation())).count();
        if (done >= MAX_ON_DEMAND) {
            throw new LimitExceededException("The on-demand rotations limit has been reached for this key.");
        }
        keys.rotate(key, "ON_DEMAND");
        return RotateKeyOnDemandResponse.builder().keyId(key.arn()).build();
    }

    ListKeyRotationsResponse list(CallContext call, ListKeyRotationsRequest request) {
        KmsKey key = access.findKey(call, request.keyId());
        access.authorize(call, "ListKeyRotations", new KeyAccess.Found(key, null), Map.of());
        List<KmsKey.Material> rotations = key.materials().stream().filter(m -> m.rotation() != null).toList();
        NamePages.Page<KmsKey.Material> page = NamePages.page(rotations, m -> m.created().toString() + m.id(),
                request.marker(), request.limit(), 100, KmsService::invalidMarker);
        return ListKeyRotationsResponse.builder()
                .rotations(page.items().stream().map(m -> RotationsListEntry.builder().keyId(key.arn())
                        .rotationDate(m.created()).rotationType(m.rotation()).keyMaterialId(m.id())
                        .keyMaterialState(m == key.current() ? "CURRENT" : "NON_CURRENT").build()).toList())
                .nextMarker(page.next()).truncated(page.next() != null).build();
    }

    /** A key whose rotation may be changed: a symmetric key KMS made, enabled, not pending deletion. */
    private KmsKey rotatable(CallContext call, String operation, String keyId, Map<String, List<String>> conditionKeys) {
        KmsKey key = access.findKey(call, keyId);
        access.authorize(call, operation, new KeyAccess.Found(key, null), conditionKeys);
        if (!key.keySpec().equals("SYMMETRIC_DEFAULT") || !key.origin().equals("AWS_KMS")) {
            throw new dev.garrison.api.kms.UnsupportedOperationException(key.arn() + " does not support rotation.");
        }
        switch (key.state()) {
            case "Disabled" -> throw new DisabledException(key.arn() + " is disabled.");
            case "PendingDeletion", "PendingReplicaDeletion" ->
                    throw new KMSInvalidStateException(key.arn() + " is pending deletion.");
            default -> { }
        }
        return key;
    }
}
