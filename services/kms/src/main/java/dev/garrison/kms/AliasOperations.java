package dev.garrison.kms;

import dev.garrison.api.kms.AliasListEntry;
import dev.garrison.api.kms.AlreadyExistsException;
import dev.garrison.api.kms.InvalidAliasNameException;
import dev.garrison.api.kms.KMSInvalidStateException;
import dev.garrison.api.kms.ListAliasesRequest;
import dev.garrison.api.kms.ListAliasesResponse;
import dev.garrison.api.kms.NotFoundException;
import dev.garrison.platform.core.CallContext;
import dev.garrison.platform.core.NamePages;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * CreateAlias, UpdateAlias, DeleteAlias, ListAliases. IAM decides on the alias (at the front
 * door); the key policy decides on each key the alias is moved to or from.
 */
final class AliasOperations {
    private static final String PREFIX = "alias/";
    private static final String RESERVED = "alias/aws/";

    private final KeyStore keys;
    private final KeyAccess access;
    private final Clock clock;

    AliasOperations(KeyStore keys, KeyAccess access, Clock clock) {
        this.keys = keys;
        this.access = access;
        this.clock = clock;
    }

    void create(CallContext call, String aliasName, String targetKeyId) {
        checkName(aliasName);
        KmsKey key = target(call, "CreateAlias", targetKeyId);
        Instant now = clock.instant();
        if (!keys.createAlias(new KeyStore.Alias(aliasName, arn(call, aliasName), key.keyId(), now, now))) {
            throw new AlreadyExistsException("An alias with the name " + arn(call, aliasName) + " already exists");
        }
    }

    void update(CallContext call, String aliasName, String targetKeyId) {
        KeyStore.Alias alias = existing(call, aliasName);
        KmsKey current = access.regional(call, alias.targetKeyId());
        if (current != null) {
            access.authorize(call, "UpdateAlias", new KeyAccess.Found(current, null), Map.of());
        }
        KmsKey key = target(call, "UpdateAlias", targetKeyId);
        keys.updateAlias(new KeyStore.Alias(alias.name(), alias.arn(), key.keyId(), alias.created(), clock.instant()));
    }

    void delete(CallContext call, String aliasName) {
        KeyStore.Alias alias = existing(call, aliasName);
        KmsKey key = access.regional(call, alias.targetKeyId());
        if (key != null) {
            access.authorize(call, "DeleteAlias", new KeyAccess.Found(key, null), Map.of());
        }
        keys.deleteAlias(alias.arn());
    }

    ListAliasesResponse list(CallContext call, ListAliasesRequest request) {
        String keyId = request.keyId() == null ? null : access.findKey(call, request.keyId()).keyId();
        String prefix = arn(call, "");
        List<KeyStore.Alias> aliases = keys.aliases().stream().filter(a -> a.arn().startsWith(prefix))
                .filter(a -> keyId == null || a.targetKeyId().equals(keyId)).toList();
        NamePages.Page<KeyStore.Alias> page = NamePages.page(aliases, KeyStore.Alias::name, request.marker(),
                request.limit(), 100, KmsService::invalidMarker);
        return ListAliasesResponse.builder()
                .aliases(page.items().stream().map(a -> AliasListEntry.builder().aliasName(a.name()).aliasArn(a.arn())
                        .targetKeyId(a.targetKeyId()).creationDate(a.created()).lastUpdatedDate(a.updated()).build())
                        .toList())
                .nextMarker(page.next()).truncated(page.next() != null).build();
    }

    /** The alias's ARN, as the front door authorizes alias operations against it. */
    static String arn(CallContext call, String aliasName) {
        return "arn:aws:kms:" + call.region() + ":" + call.principal().accountId() + ":" + aliasName;
    }

    private KmsKey target(CallContext call, String operation, String targetKeyId) {
        KmsKey key = access.findKey(call, targetKeyId);
        access.authorize(call, operation, new KeyAccess.Found(key, null), Map.of());
        if (key.pendingDeletion()) {
            throw new KMSInvalidStateException(key.arn() + " is pending deletion.");
        }
        return key;
    }

    private KeyStore.Alias existing(CallContext call, String aliasName) {
        checkName(aliasName);
        KeyStore.Alias alias = keys.alias(arn(call, aliasName));
        if (alias == null) {
            throw new NotFoundException("Alias " + arn(call, aliasName) + " is not found.");
        }
        return alias;
    }

    private static void checkName(String aliasName) {
        if (!aliasName.startsWith(PREFIX) || aliasName.length() == PREFIX.length()) {
            throw new InvalidAliasNameException("Alias must start with the prefix \"alias/\". Please see "
                    + "https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html");
        }
        if (aliasName.startsWith(RESERVED)) {
            throw new InvalidAliasNameException("Alias must not begin with 'alias/aws/'.");
        }
    }
}
