package dev.garrison.platform.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.garrison.platform.barrier.Barrier;
import dev.garrison.platform.core.Principal;
import dev.garrison.platform.storage.Row;
import dev.garrison.platform.storage.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Long-term access keys in the {@code access_keys} table; each secret is sealed by the barrier
 * with the key's row as AAD. Resolved keys are cached in memory; writes through this class keep
 * the cache current.
 */
public final class StoredCredentials implements CredentialResolver {
    private static final String TABLE = "access_keys";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Store store;
    private final Barrier barrier;
    private final Map<String, Credential> cache = new ConcurrentHashMap<>();

    public StoredCredentials(Store store, Barrier barrier) {
        this.store = store;
        this.barrier = barrier;
    }

    /** An access key's public facts, as IAM lists them. */
    public record AccessKeyInfo(String accessKeyId, String status, Instant created) {}

    /** When a key last signed a verified request, for which service and region. */
    public record LastUsed(Instant when, String service, String region) {}

    private static final String LAST_USED = "access_key_last_used";
    /** Last use is stored at most once a minute per key: often enough to answer, rare enough to cost nothing. */
    private static final java.time.Duration LAST_USED_GRAIN = java.time.Duration.ofMinutes(1);

    private final Map<String, LastUsed> lastUsed = new ConcurrentHashMap<>();

    /** Stores a new active access key for {@code principal}; durable on return. */
    public void create(String accessKeyId, String secretAccessKey, Principal principal, Instant created) {
        insert(accessKeyId, secretAccessKey, null, principal, created, null);
    }

    /**
     * Stores temporary credentials: the key works only with {@code sessionToken} (sealed like the
     * secret) and only until {@code expires}.
     */
    public void createSession(String accessKeyId, String secretAccessKey, String sessionToken, Principal principal,
            Instant created, Instant expires) {
        insert(accessKeyId, secretAccessKey, sessionToken, principal, created, expires);
    }

    private void insert(String accessKeyId, String secretAccessKey, @Nullable String sessionToken, Principal principal,
            Instant created, @Nullable Instant expires) {
        ObjectNode value = JSON.createObjectNode()
                .put("created", created.toString())
                .put("type", principal.type())
                .put("principalId", principal.principalId())
                .put("arn", principal.arn())
                .put("accountId", principal.accountId())
                .put("name", principal.name())
                .put("secret", Base64.getEncoder().encodeToString(
                        barrier.seal(secretAccessKey.getBytes(StandardCharsets.UTF_8), aad(accessKeyId))));
        if (sessionToken != null && expires != null) {
            value.put("token", Base64.getEncoder().encodeToString(
                    barrier.seal(sessionToken.getBytes(StandardCharsets.UTF_8), aad(accessKeyId) + "/token")));
            value.put("expires", expires.toString());
        }
        if (principal.mfaAuthenticatedAt() != null) {
            value.put("mfaAuthenticatedAt", principal.mfaAuthenticatedAt().toString());
        }
        Row row = new Row(accessKeyId, Map.of("principal_arn", principal.arn(), "status", "Active"), json(value));
        if (!store.write(tx -> tx.insert(TABLE, row))) {
            throw new IllegalStateException("access key " + accessKeyId + " already exists");
        }
    }

    /** The access keys that belong to {@code principalArn}, by id. */
    public List<AccessKeyInfo> keysOf(String principalArn) {
        return store.find(TABLE, "principal_arn", principalArn).stream().map(StoredCredentials::info).toList();
    }

    /** Activates or deactivates a key of {@code principalArn}; false when it has no such key. */
    public boolean setStatus(String accessKeyId, String principalArn, boolean active) {
        boolean changed = store.write(tx -> {
            Row row = tx.get(TABLE, accessKeyId);
            if (row == null || !principalArn.equals(row.index().get("principal_arn"))) {
                return false;
            }
            tx.put(TABLE, new Row(row.id(), Map.of("principal_arn", principalArn, "status", active ? "Active" : "Inactive"),
                    row.value()));
            return true;
        });
        cache.remove(accessKeyId);
        return changed;
    }

    /** Deletes a key of {@code principalArn} for good; false when it has no such key. */
    public boolean delete(String accessKeyId, String principalArn) {
        boolean deleted = store.write(tx -> {
            Row row = tx.get(TABLE, accessKeyId);
            return row != null && principalArn.equals(row.index().get("principal_arn")) && tx.delete(TABLE, accessKeyId);
        });
        cache.remove(accessKeyId);
        return deleted;
    }

    /** Deletes temporary credentials that expired before {@code now}; returns how many went. */
    public int purgeExpired(Instant now) {
        List<String> expired = new java.util.ArrayList<>();
        for (Row row : store.all(TABLE)) {
            try {
                JsonNode expires = JSON.readTree(row.value()).get("expires");
                if (expires != null && Instant.parse(expires.asText()).isBefore(now)) {
                    expired.add(row.id());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (!expired.isEmpty()) {
            store.write(tx -> {
                expired.forEach(id -> tx.delete(TABLE, id));
                return null;
            });
            expired.forEach(cache::remove);
        }
        return expired.size();
    }

    private static AccessKeyInfo info(Row row) {
        try {
            JsonNode created = JSON.readTree(row.value()).get("created");
            return new AccessKeyInfo(row.id(), String.valueOf(row.index().get("status")),
                    created == null ? Instant.EPOCH : Instant.parse(created.asText()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public @Nullable Credential resolve(String accessKeyId) {
        Credential cached = cache.get(accessKeyId);
        if (cached != null) {
            return cached;
        }
        Row row = store.get(TABLE, accessKeyId);
        if (row == null) {
            return null;
        }
        Credential credential = read(row);
        cache.put(accessKeyId, credential);
        return credential;
    }

    @Override
    public void used(Credential credential, Instant when, String service, String region) {
        if (credential.sessionToken() != null) {
            return;
        }
        LastUsed now = new LastUsed(when, service, region);
        LastUsed before = lastUsed.put(credential.accessKeyId(), now);
        if (before == null || !before.service().equals(service) || !before.region().equals(region)
                || before.when().plus(LAST_USED_GRAIN).isBefore(when)) {
            ObjectNode value = JSON.createObjectNode().put("when", when.toString()).put("service", service)
                    .put("region", region);
            store.write(tx -> {
                tx.put(LAST_USED, new Row(credential.accessKeyId(), Map.of(), json(value)));
                return null;
            });
        }
    }

    /** The key's last use (to the minute once stored), or null when it never signed a request. */
    public @Nullable LastUsed lastUsed(String accessKeyId) {
        LastUsed recent = lastUsed.get(accessKeyId);
        if (recent != null) {
            return recent;
        }
        Row row = store.get(LAST_USED, accessKeyId);
        if (row == null) {
            return null;
        }
        try {
            JsonNode value = JSON.readTree(row.value());
            return new LastUsed(Instant.parse(value.get("when").asText()), value.get("service").asText(),
                    value.get("region").asText());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] json(JsonNode value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Credential read(Row row) {
        try {
            JsonNode value = JSON.readTree(row.value());
            Principal principal = new Principal(value.get("type").asText(), value.get("principalId").asText(),
                    value.get("arn").asText(), value.get("accountId").asText(), value.get("name").asText(), row.id(),
                    value.has("mfaAuthenticatedAt") ? Instant.parse(value.get("mfaAuthenticatedAt").asText()) : null);
            byte[] secret = barrier.open(Base64.getDecoder().decode(value.get("secret").asText()), aad(row.id()));
            String token = value.has("token") ? new String(barrier.open(Base64.getDecoder().decode(value.get("token").asText()),
                    aad(row.id()) + "/token"), StandardCharsets.UTF_8) : null;
            Instant expires = value.has("expires") ? Instant.parse(value.get("expires").asText()) : null;
            return new Credential(row.id(), new String(secret, StandardCharsets.UTF_8), principal, token, expires,
                    "Active".equals(row.index().get("status")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String aad(String accessKeyId) {
        return TABLE + "/" + accessKeyId;
    }
}
