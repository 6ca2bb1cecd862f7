package dev.garrison.kms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.garrison.api.kms.CloudHsmClusterInUseException;
import dev.garrison.api.kms.CloudHsmClusterNotFoundException;
import dev.garrison.api.kms.CreateCustomKeyStoreRequest;
import dev.garrison.api.kms.CustomKeyStoreHasCMKsException;
import dev.garrison.api.kms.CustomKeyStoreInvalidStateException;
import dev.garrison.api.kms.CustomKeyStoreNameInUseException;
import dev.garrison.api.kms.CustomKeyStoreNotFoundException;
import dev.garrison.api.kms.CustomKeyStoresListEntry;
import dev.garrison.api.kms.DescribeCustomKeyStoresRequest;
import dev.garrison.api.kms.DescribeCustomKeyStoresResponse;
import dev.garrison.api.kms.UpdateCustomKeyStoreRequest;
import dev.garrison.api.kms.XksProxyUriUnreachableException;
import dev.garrison.platform.barrier.Barrier;
import dev.garrison.platform.core.CommonErrors;
import dev.garrison.platform.core.NamePages;
import dev.garrison.platform.storage.Row;
import dev.garrison.platform.storage.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Custom key stores of type AWS_CLOUDHSM, each backed by a PKCS#11 token the operator declared
 * (the "cluster"), with AWS's state machine: DISCONNECTED until connected, CONNECTED while the
 * token accepts the store's password as its PIN, FAILED with INVALID_CREDENTIALS when it does not.
 * A store left connected reconnects after a restart the first time it is used.
 */
final class CustomKeyStores {
    private static final String TABLE = "kms_custom_key_stores";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CustomKeyStores.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A store as kept. */
    record Stored(String id, String name, String clusterId, String trustAnchor, byte[] sealedPin, String state,
            @Nullable String errorCode, Instant created) {
        Stored with(String newState, @Nullable String newErrorCode) {
            return new Stored(id, name, clusterId, trustAnchor, sealedPin, newState, newErrorCode, created);
        }
    }

    private final Store store;
    private final Barrier barrier;
    private final Map<String, HsmCluster> clusters;
    private final TokenSessions sessions;
    private final KeyStore keys;
    private final Clock clock;

    CustomKeyStores(Store store, Barrier barrier, Map<String, HsmCluster> clusters, TokenSessions sessions, KeyStore keys,
            Clock clock) {
        this.store = store;
        this.barrier = barrier;
        this.clusters = Map.copyOf(clusters);
        this.sessions = sessions;
        this.keys = keys;
        this.clock = clock;
    }

    String create(CreateCustomKeyStoreRequest request) {
        String type = request.customKeyStoreType() == null ? "AWS_CLOUDHSM" : request.customKeyStoreType();
        if (type.equals("EXTERNAL_KEY_STORE")) {
            throw new XksProxyUriUnreachableException("KMS was unable to reach the specified XKS proxy. Garrison does not "
                    + "connect to external key store proxies yet.");
        }
        if (request.cloudHsmClusterId() == null || request.keyStorePassword() == null
                || request.trustAnchorCertificate() == null) {
            throw CommonErrors.of(CommonErrors.Kind.VALIDATION, "CloudHsmClusterId, KeyStorePassword and "
                    + "TrustAnchorCertificate are required for a custom key store of type AWS_CLOUDHSM.");
        }
        requireCluster(request.cloudHsmClusterId());
        List<Stored> all = all();
        if (all.stream().anyMatch(s -> s.name().equals(request.customKeyStoreName()))) {
            throw new CustomKeyStoreNameInUseException("A custom key store with the name " + request.customKeyStoreName()
                    + " already exists.");
        }
        if (all.stream().anyMatch(s -> s.clusterId().equals(request.cloudHsmClusterId()))) {
            throw new CloudHsmClusterInUseException("The cluster " + request.cloudHsmClusterId()
                    + " is already associated with a custom key store.");
        }
        byte[] suffix = new byte[9];
        RANDOM.nextBytes(suffix);
        String id = "cks-" + HexFormat.of().formatHex(suffix).substring(0, 17);
        save(new Stored(id, request.customKeyStoreName(), request.cloudHsmClusterId(), request.trustAnchorCertificate(),
                seal(id, request.keyStorePassword()), "DISCONNECTED", null, clock.instant()));
        return id;
    }

    DescribeCustomKeyStoresResponse describe(DescribeCustomKeyStoresRequest request) {
        List<Stored> matching = all().stream()
                .filter(s -> request.customKeyStoreId() == null || s.id().equals(request.customKeyStoreId()))
                .filter(s -> request.customKeyStoreName() == null || s.name().equals(request.customKeyStoreName()))
                .toList();
        if (matching.isEmpty() && (request.customKeyStoreId() != null || request.customKeyStoreName() != null)) {
            throw new CustomKeyStoreNotFoundException("Custom key store "
                    + (request.customKeyStoreId() != null ? request.customKeyStoreId() : request.customKeyStoreName())
                    + " does not exist.");
        }
        NamePages.Page<Stored> page = NamePages.page(matching, Stored::id, request.marker(), request.limit(), 100,
                KmsService::invalidMarker);
        return DescribeCustomKeyStoresResponse.builder()
                .customKeyStores(page.items().stream().map(s -> CustomKeyStoresListEntry.builder().customKeyStoreId(s.id())
                        .customKeyStoreName(s.name()).cloudHsmClusterId(s.clusterId()).trustAnchorCertificate(s.trustAnchor())
                        .connectionState(s.state()).connectionErrorCode(s.errorCode()).creationDate(s.created())
                        .customKeyStoreType("AWS_CLOUDHSM").build()).toList())
                .nextMarker(page.next()).truncated(page.next() != null).build();
    }

    void connect(String id) {
        Stored stored = require(id);
        if (stored.state().equals("CONNECTED") && sessions.session(id) != null) {
            return;
        }
        String error = sessions.connect(id, requireCluster(stored.clusterId()), pin(stored));
        save(error == null ? stored.with("CONNECTED", null) : stored.with("FAILED", error));
    }

    void disconnect(String id) {
        Stored stored = require(id);
        sessions.disconnect(id);
        save(stored.with("DISCONNECTED", null));
    }

    void update(UpdateCustomKeyStoreRequest request) {
        Stored stored = require(request.customKeyStoreId());
        boolean changesConnection = request.keyStorePassword() != null || request.cloudHsmClusterId() != null;
        if (changesConnection && !stored.state().equals("DISCONNECTED")) {
            throw new CustomKeyStoreInvalidStateException("The custom key store must be disconnected to change its "
                    + "password or cluster.");
        }
        String name = stored.name();
        if (request.newCustomKeyStoreName() != null) {
            if (all().stream().anyMatch(s -> !s.id().equals(stored.id()) && s.name().equals(request.newCustomKeyStoreName()))) {
                throw new CustomKeyStoreNameInUseException("A custom key store with the name "
                        + request.newCustomKeyStoreName() + " already exists.");
            }
            name = request.newCustomKeyStoreName();
        }
        String cluster = stored.clusterId();
        if (request.cloudHsmClusterId() != null) {
            requireCluster(request.cloudHsmClusterId());
            cluster = request.cloudHsmClusterId();
        }
        byte[] pin = request.keyStorePassword() == null ? stored.sealedPin() : seal(stored.id(), request.keyStorePassword());
        save(new Stored(stored.id(), name, cluster, stored.trustAnchor(), pin, stored.state(), stored.errorCode(),
                stored.created()));
    }

    void delete(String id) {
        Stored stored = require(id);
        if (!stored.state().equals("DISCONNECTED")) {
            throw new CustomKeyStoreInvalidStateException("The custom key store must be disconnected before it is deleted.");
        }
        if (keys.anyIn(id)) {
            throw new CustomKeyStoreHasCMKsException("The custom key store still contains KMS keys; delete them first.");
        }
        store.write(tx -> tx.delete(TABLE, id));
    }

    /** The connected token session of a store, reconnecting one left connected before a restart; null when not connected. */
    TokenSessions.@Nullable Session session(String id) {
        TokenSessions.Session session = sessions.session(id);
        if (session != null) {
            return session;
        }
        Row row = store.get(TABLE, id);
        if (row == null || !read(row).state().equals("CONNECTED")) {
            return null;
        }
        connect(id);
        return sessions.session(id);
    }

    /** Deletes a destroyed key's objects from its token; a store not connected keeps them until it is. */
    void destroyMaterial(KmsKey key) {
        if (key.customKeyStoreId() == null) {
            return;
        }
        TokenSessions.Session session = session(key.customKeyStoreId());
        if (session == null) {
            LOG.warn("key {} was destroyed while its custom key store {} is not connected; its token objects remain",
                    key.keyId(), key.customKeyStoreId());
            return;
        }
        key.materials().forEach(m -> sessions.delete(session, key.keyId() + "/" + m.id()));
    }

    private HsmCluster requireCluster(String clusterId) {
        HsmCluster cluster = clusters.get(clusterId);
        if (cluster == null) {
            throw new CloudHsmClusterNotFoundException("The cluster " + clusterId + " is not declared (hsm-clusters in "
                    + "garrison.yaml).");
        }
        return cluster;
    }

    Stored require(String id) {
        Row row = store.get(TABLE, id);
        if (row == null) {
            throw new CustomKeyStoreNotFoundException("Custom key store " + id + " does not exist.");
        }
        return read(row);
    }

    private List<Stored> all() {
        return store.all(TABLE).stream().map(CustomKeyStores::read).toList();
    }

    private byte[] seal(String id, String password) {
        return barrier.seal(password.getBytes(StandardCharsets.UTF_8), TABLE + "/" + id);
    }

    private char[] pin(Stored stored) {
        return new String(barrier.open(stored.sealedPin(), TABLE + "/" + stored.id()), StandardCharsets.UTF_8).toCharArray();
    }

    private void save(Stored s) {
        byte[] value;
        try {
            value = JSON.writeValueAsBytes(JSON.createObjectNode().put("id", s.id()).put("name", s.name())
                    .put("clusterId", s.clusterId()).put("trustAnchor", s.trustAnchor())
                    .put("pin", Base64.getEncoder().encodeToString(s.sealedPin())).put("state", s.state())
                    .put("errorCode", s.errorCode()).put("created", s.created().toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        store.write(tx -> {
            tx.put(TABLE, new Row(s.id(), Map.of("name", s.name()), value));
            return null;
        });
    }

    private static Stored read(Row row) {
        try {
            JsonNode v = JSON.readTree(row.value());
            return new Stored(v.get("id").asText(), v.get("name").asText(), v.get("clusterId").asText(),
                    v.get("trustAnchor").asText(), Base64.getDecoder().decode(v.get("pin").asText()), v.get("state").asText(),
                    v.get("errorCode").isNull() ? null : v.get("errorCode").asText(), Instant.parse(v.get("created").asText()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
