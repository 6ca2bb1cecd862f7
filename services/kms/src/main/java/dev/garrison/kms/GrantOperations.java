package dev.garrison.kms;

import dev.garrison.api.kms.CreateGrantRequest;
import dev.garrison.api.kms.CreateGrantResponse;
import dev.garrison.api.kms.GrantConstraints;
import dev.garrison.api.kms.GrantListEntry;
import dev.garrison.api.kms.InvalidGrantIdException;
import dev.garrison.api.kms.InvalidGrantTokenException;
import dev.garrison.api.kms.KMSInvalidStateException;
import dev.garrison.api.kms.ListGrantsRequest;
import dev.garrison.api.kms.ListGrantsResponse;
import dev.garrison.api.kms.ListRetirableGrantsRequest;
import dev.garrison.api.kms.NotFoundException;
import dev.garrison.api.kms.RetireGrantRequest;
import dev.garrison.api.kms.RevokeGrantRequest;
import dev.garrison.platform.core.CallContext;
import dev.garrison.platform.core.CommonErrors;
import dev.garrison.platform.core.NamePages;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * CreateGrant, ListGrants, ListRetirableGrants, RetireGrant, RevokeGrant. A grant takes effect
 * at once (its token is accepted but not needed), and {@link KeyAccess} consults grants on
 * every use of a key.
 */
final class GrantOperations {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern GRANT_ID = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern PRINCIPAL = Pattern.compile("arn:aws:(iam|sts)::\\d{12}:[^\\s]+|\\d{12}");
    /** Grant operations that take an encryption context, so that constraints can apply to them. */
    private static final Set<String> WITH_CONTEXT = Set.of("Encrypt", "Decrypt", "GenerateDataKey",
            "GenerateDataKeyWithoutPlaintext", "ReEncryptFrom", "ReEncryptTo", "GenerateDataKeyPair",
            "GenerateDataKeyPairWithoutPlaintext", "CreateGrant", "RetireGrant");
    /** Grant operations by the key usage they need; the rest apply to any key. */
    private static final Map<String, String> USAGE = Map.ofEntries(
            Map.entry("Encrypt", "ENCRYPT_DECRYPT"), Map.entry("Decrypt", "ENCRYPT_DECRYPT"),
            Map.entry("GenerateDataKey", "ENCRYPT_DECRYPT"), Map.entry("GenerateDataKeyWithoutPlaintext", "ENCRYPT_DECRYPT"),
            Map.entry("ReEncryptFrom", "ENCRYPT_DECRYPT"), Map.entry("ReEncryptTo", "ENCRYPT_DECRYPT"),
            Map.entry("GenerateDataKeyPair", "ENCRYPT_DECRYPT"),
            Map.entry("GenerateDataKeyPairWithoutPlaintext", "ENCRYPT_DECRYPT"),
            Map.entry("Sign", "SIGN_VERIFY"), Map.entry("Verify", "SIGN_VERIFY"),
            Map.entry("GenerateMac", "GENERATE_VERIFY_MAC"), Map.entry("VerifyMac", "GENERATE_VERIFY_MAC"),
            Map.entry("DeriveSharedSecret", "KEY_AGREEMENT"));

    private final GrantStore grants;
    private final GrantTokens tokens;
    private final KeyAccess access;
    private final Clock clock;

    GrantOperations(GrantStore grants, GrantTokens tokens, KeyAccess access, Clock clock) {
        this.grants = grants;
        this.tokens = tokens;
        this.access = access;
        this.clock = clock;
    }

    CreateGrantResponse create(CallContext call, CreateGrantRequest request) {
        KmsKey key = access.findKey(call, request.keyId());
        GrantConstraints constraints = request.constraints();
        Map<String, List<String>> conditionKeys = new java.util.LinkedHashMap<>();
        conditionKeys.put("kms:GrantOperations", request.operations());
        conditionKeys.put("kms:GranteePrincipal", List.of(request.granteePrincipal()));
        conditionKeys.put("kms:GrantIsForAWSResource", List.of("false"));
        if (request.retiringPrincipal() != null) {
            conditionKeys.put("kms:RetiringPrincipal", List.of(request.retiringPrincipal()));
        }
        if (constraints != null) {
            List<String> types = new ArrayList<>();
            if (constraints.encryptionContextEquals() != null) {
                types.add("EncryptionContextEquals");
            }
            if (constraints.encryptionContextSubset() != null) {
                types.add("EncryptionContextSubset");
            }
            conditionKeys.put("kms:GrantConstraintType", types);
        }
        access.authorize(call, "CreateGrant", new KeyAccess.Found(key, null), conditionKeys);
        if (key.pendingDeletion()) {
            throw new KMSInvalidStateException(key.arn() + " is pending deletion.");
        }
        check(key, request);
        KeyAccess.dryRun(request.dryRun());
        if (request.name() != null) {
            for (KmsGrant existing : grants.onKey(key.rowId())) {
                if (request.name().equals(existing.name()) && same(existing, request)) {
                    return CreateGrantResponse.builder().grantId(existing.grantId()).grantToken(existing.token()).build();
                }
            }
        }
        byte[] id = random(32);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(
                java.nio.ByteBuffer.allocate(64).put(id).put(random(32)).array());
        KmsGrant grant = new KmsGrant(HexFormat.of().formatHex(id), token, key.keyId(),
                key.multiRegion() ? key.region() : null, request.name(),
                request.granteePrincipal(), request.retiringPrincipal(), request.operations(),
                constraints == null ? null : constraints.encryptionContextEquals(),
                constraints == null ? null : constraints.encryptionContextSubset(), call.principal().accountId(),
                clock.instant());
        grants.put(grant);
        return CreateGrantResponse.builder().grantId(grant.grantId()).grantToken(grant.token()).build();
    }

    ListGrantsResponse list(CallContext call, ListGrantsRequest request) {
        KmsKey key = access.findKey(call, request.keyId());
        access.authorize(call, "ListGrants", new KeyAccess.Found(key, null), Map.of());
        if (request.grantId() != null && !GRANT_ID.matcher(request.grantId()).matches()) {
            throw new InvalidGrantIdException("Invalid grant ID " + request.grantId());
        }
        List<KmsGrant> matching = grants.onKey(key.rowId()).stream()
                .filter(g -> request.grantId() == null || g.grantId().equals(request.grantId()))
                .filter(g -> request.granteePrincipal() == null || g.grantee().equals(request.granteePrincipal()))
                .toList();
        NamePages.Page<KmsGrant> page = NamePages.page(matching, KmsGrant::grantId, request.marker(), request.limit(), 50,
                KmsService::invalidMarker);
        return ListGrantsResponse.builder().grants(page.items().stream().map(g -> entry(key, g)).toList())
                .nextMarker(page.next()).truncated(page.next() != null).build();
    }

    ListGrantsResponse listRetirable(CallContext call, ListRetirableGrantsRequest request) {
        String prefix = "arn:aws:kms:" + call.region() + ":" + call.principal().accountId() + ":key/";
        List<KmsGrant> retirable = grants.retirableBy(request.retiringPrincipal());
        NamePages.Page<KmsGrant> page = NamePages.page(retirable, KmsGrant::grantId, request.marker(), request.limit(), 50,
                KmsService::invalidMarker);
        return ListGrantsResponse.builder()
                .grants(page.items().stream().map(g -> entryFor(prefix + g.keyId(), g)).toList())
                .nextMarker(page.next()).truncated(page.next() != null).build();
    }

    void retire(CallContext call, RetireGrantRequest request) {
        KmsGrant grant;
        if (request.grantToken() != null) {
            grant = byToken(call, request.grantToken(), request.keyId());
        } else if (request.keyId() != null && request.grantId() != null) {
            grant = existing(call, request.keyId(), request.grantId());
        } else {
            throw CommonErrors.of(CommonErrors.Kind.VALIDATION, "Either GrantToken, or both KeyId and GrantId, must be specified.");
        }
        boolean retiring = call.principal().arn().equals(grant.retiring());
        boolean granteeMayRetire = grant.names(call.principal()) && grant.operations().contains("RetireGrant");
        if (!retiring && !granteeMayRetire) {
            KmsKey key = access.findKey(call, grant.keyId());
            access.authorize(call, "RetireGrant", new KeyAccess.Found(key, null), Map.of());
        }
        KeyAccess.dryRun(request.dryRun());
        grants.delete(grant);
    }

    void revoke(CallContext call, RevokeGrantRequest request) {
        KmsKey key = access.findKey(call, request.keyId());
        access.authorize(call, "RevokeGrant", new KeyAccess.Found(key, null), Map.of());
        KmsGrant grant = existing(call, request.keyId(), request.grantId());
        KeyAccess.dryRun(request.dryRun());
        grants.delete(grant);
    }

    private void check(KmsKey key, CreateGrantRequest request) {
        if (!PRINCIPAL.matcher(request.granteePrincipal()).matches()) {
            throw CommonErrors.of(CommonErrors.Kind.VALIDATION, "Invalid principal: " + request.granteePrincipal());
        }
        if (request.retiringPrincipal() != null && !PRINCIPAL.matcher(request.retiringPrincipal()).matches()) {
            throw CommonErrors.of(CommonErrors.Kind.VALIDATION, "Invalid principal: " + request.retiringPrincipal());
        }
        boolean symmetric = key.keySpec().equals("SYMMETRIC_DEFAULT");
        for (String operation : request.operations()) {
            String usage = USAGE.get(operation);
            boolean wrongUsage = usage != null && !usage.equals(key.keyUsage());
            boolean needsSymmetric = operation.startsWith("GenerateDataKey") && !symmetric;
            boolean needsPublicKey = operation.equals("GetPublicKey") && key.current().publicKey() == null;
            if (wrongUsage || needsSymmetric || needsPublicKey) {
                throw CommonErrors.of(CommonErrors.Kind.VALIDATION, "Grant operation " + operation
                        + " is not valid for a key with KeySpec " + key.keySpec() + " and KeyUsage " + key.keyUsage() + ".");
            }
        }
        if (request.constraints() != null) {
            for (String operation : request.operations()) {
                if (!WITH_CONTEXT.contains(operation)) {
                    throw CommonErrors.of(CommonErrors.Kind.VALIDATION, "Grant constraints are not valid for operation "
                            + operation + ".");
                }
            }
        }
    }

    private static boolean same(KmsGrant existing, CreateGrantRequest request) {
        GrantConstraints c = request.constraints();
        return existing.grantee().equals(request.granteePrincipal())
                && java.util.Objects.equals(existing.retiring(), request.retiringPrincipal())
                && Set.copyOf(existing.operations()).equals(Set.copyOf(request.operations()))
                && java.util.Objects.equals(existing.contextEquals(), c == null ? null : c.encryptionContextEquals())
                && java.util.Objects.equals(existing.contextSubset(), c == null ? null : c.encryptionContextSubset());
    }

    private KmsGrant existing(CallContext call, String keyId, String grantId) {
        KmsKey key = access.findKey(call, keyId);
        if (!GRANT_ID.matcher(grantId).matches()) {
            throw new InvalidGrantIdException("Invalid grant ID " + grantId);
        }
        KmsGrant grant = grants.get(grantId);
        if (grant == null || !grant.on(key)) {
            throw new NotFoundException("Grant ID " + grantId + " not found");
        }
        return grant;
    }

    private KmsGrant byToken(CallContext call, String token, @Nullable String keyId) {
        KmsGrant grant = tokens.grant(token);
        if (grant == null) {
            throw new InvalidGrantTokenException("Grant token is invalid.");
        }
        if (keyId != null && !grant.on(access.findKey(call, keyId))) {
            throw new InvalidGrantTokenException("Grant token is invalid.");
        }
        return grant;
    }

    private static GrantListEntry entry(KmsKey key, KmsGrant g) {
        return entryFor(key.arn(), g);
    }

    private static GrantListEntry entryFor(String keyArn, KmsGrant g) {
        GrantConstraints constraints = g.contextEquals() == null && g.contextSubset() == null ? null
                : GrantConstraints.builder().encryptionContextEquals(g.contextEquals())
                        .encryptionContextSubset(g.contextSubset()).build();
        return GrantListEntry.builder().keyId(keyArn).grantId(g.grantId()).name(g.name()).creationDate(g.created())
                .granteePrincipal(g.grantee()).retiringPrincipal(g.retiring()).issuingAccount(g.issuingAccount())
                .operations(g.operations()).constraints(constraints).build();
    }

    private static byte[] random(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
