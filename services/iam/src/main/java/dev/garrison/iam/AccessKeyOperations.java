package dev.garrison.iam;

import dev.garrison.api.iam.AccessKey;
import dev.garrison.api.iam.AccessKeyLastUsed;
import dev.garrison.api.iam.AccessKeyMetadata;
import dev.garrison.api.iam.CreateAccessKeyRequest;
import dev.garrison.api.iam.CreateAccessKeyResponse;
import dev.garrison.api.iam.DeleteAccessKeyRequest;
import dev.garrison.api.iam.GetAccessKeyLastUsedRequest;
import dev.garrison.api.iam.GetAccessKeyLastUsedResponse;
import dev.garrison.api.iam.LimitExceededException;
import dev.garrison.api.iam.ListAccessKeysRequest;
import dev.garrison.api.iam.ListAccessKeysResponse;
import dev.garrison.api.iam.NoSuchEntityException;
import dev.garrison.api.iam.UpdateAccessKeyRequest;
import dev.garrison.platform.auth.Credential;
import dev.garrison.platform.auth.StoredCredentials;
import dev.garrison.platform.core.CallContext;
import dev.garrison.platform.core.Principal;
import java.time.Clock;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A user's long-term access keys: at most two, secrets sealed by the barrier, shown once at creation, last use kept. */
final class AccessKeyOperations {
    static final int KEYS_PER_USER = 2;

    private final UserOperations users;
    private final StoredCredentials credentials;
    private final Clock clock;

    AccessKeyOperations(UserOperations users, StoredCredentials credentials, Clock clock) {
        this.users = users;
        this.credentials = credentials;
        this.clock = clock;
    }

    CreateAccessKeyResponse createAccessKey(CallContext call, CreateAccessKeyRequest request) {
        IamUser user = users.existing(users.callerOr(call, request.userName()));
        if (credentials.keysOf(user.arn()).size() >= KEYS_PER_USER) {
            throw new LimitExceededException("Cannot exceed quota for AccessKeysPerUser: " + KEYS_PER_USER);
        }
        String keyId = IamIds.accessKeyId();
        String secret = IamIds.secretAccessKey();
        var created = clock.instant();
        credentials.create(keyId, secret, principal(user, keyId), created);
        return CreateAccessKeyResponse.builder().accessKey(AccessKey.builder().accessKeyId(keyId).secretAccessKey(secret)
                .status("Active").userName(user.userName()).createDate(created).build()).build();
    }

    ListAccessKeysResponse listAccessKeys(CallContext call, ListAccessKeysRequest request) {
        IamUser user = users.existing(users.callerOr(call, request.userName()));
        Page<StoredCredentials.AccessKeyInfo> page = Page.of(credentials.keysOf(user.arn()),
                StoredCredentials.AccessKeyInfo::accessKeyId, request.marker(), request.maxItems());
        List<AccessKeyMetadata> keys = page.items().stream().map(k -> AccessKeyMetadata.builder().accessKeyId(k.accessKeyId())
                .status(k.status()).createDate(k.created()).userName(user.userName()).build()).toList();
        return ListAccessKeysResponse.builder().accessKeyMetadata(keys).isTruncated(page.truncated())
                .marker(page.marker()).build();
    }

    void updateAccessKey(CallContext call, UpdateAccessKeyRequest request) {
        IamUser user = users.existing(users.callerOr(call, request.userName()));
        if (!credentials.setStatus(request.accessKeyId(), user.arn(), request.status().equals("Active"))) {
            throw notFound(request.accessKeyId());
        }
    }

    void deleteAccessKey(CallContext call, DeleteAccessKeyRequest request) {
        IamUser user = users.existing(users.callerOr(call, request.userName()));
        if (!credentials.delete(request.accessKeyId(), user.arn())) {
            throw notFound(request.accessKeyId());
        }
    }

    GetAccessKeyLastUsedResponse getAccessKeyLastUsed(CallContext call, GetAccessKeyLastUsedRequest request) {
        Credential credential = credentials.resolve(request.accessKeyId());
        if (credential == null || credential.sessionToken() != null
                || !credential.principal().accountId().equals(call.principal().accountId())) {
            throw notFound(request.accessKeyId());
        }
        StoredCredentials.LastUsed used = credentials.lastUsed(request.accessKeyId());
        AccessKeyLastUsed lastUsed = used == null
                ? AccessKeyLastUsed.builder().serviceName("N/A").region("N/A").build()
                : AccessKeyLastUsed.builder().lastUsedDate(used.when()).serviceName(used.service()).region(used.region())
                        .build();
        return GetAccessKeyLastUsedResponse.builder().userName(credential.principal().name()).accessKeyLastUsed(lastUsed)
                .build();
    }

    /** The principal a key of {@code user} signs as. */
    static Principal principal(IamUser user, @Nullable String accessKeyId) {
        String account = user.arn().split(":")[4];
        return new Principal("IAMUser", user.userId(), user.arn(), account, user.userName(), accessKeyId);
    }

    private static NoSuchEntityException notFound(String accessKeyId) {
        return new NoSuchEntityException("The Access Key with id " + accessKeyId + " cannot be found.");
    }
}
