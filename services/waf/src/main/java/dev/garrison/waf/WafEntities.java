package dev.garrison.waf;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.garrison.platform.core.CallContext;
import dev.garrison.platform.core.NamePages;
import dev.garrison.platform.model.ServiceModel;
import dev.garrison.platform.protocol.StoredShapes;
import dev.garrison.platform.storage.Row;
import dev.garrison.platform.storage.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Web ACLs, rule groups, IP sets and regex pattern sets in storage, with AWS WAF's rules for
 * names (unique per kind and scope), ids, lock tokens and quotas. A listener hears of every change
 * so the proxy recompiles what it enforces.
 */
final class WafEntities {
    private static final String TABLE = "waf_entities";
    private static final String NAMES = "waf_names";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Store store;
    private final ServiceModel model;
    private volatile Runnable listener = () -> { };

    WafEntities(Store store, ServiceModel model) {
        this.store = store;
        this.model = model;
    }

    /** Runs {@code listener} after every change, on the thread that made it. */
    void onChange(Runnable listener) {
        this.listener = listener;
    }

    private void changed() {
        listener.run();
    }

    /**
     * Stores a new entity named {@code name} in {@code scope}; {@code body} makes its body from its
     * ARN and id. Refused when the name is taken or the quota reached.
     */
    WafEntity create(WafScope scope, EntityKind kind, String name, Map<String, String> tags,
            BodyMaker body) {
        String id = UUID.randomUUID().toString();
        String arn = scope.arn(kind, name, id);
        WafEntity entity = new WafEntity(kind, scope.shelf(kind), name, id, arn, UUID.randomUUID().toString(),
                body.make(arn, id), tags);
        store.write(tx -> {
            if (!tx.insert(NAMES, new Row(entity.shelf() + "/" + name, Map.of(), arn.getBytes(StandardCharsets.UTF_8)))) {
                throw WafErrors.duplicate();
            }
            if (store.find(TABLE, "shelf", entity.shelf()).size() >= kind.quota) {
                throw WafErrors.limit();
            }
            tx.put(TABLE, row(entity));
            return null;
        });
        changed();
        return entity;
    }

    /** Makes a new entity's body once its ARN and id are known. */
    interface BodyMaker {
        Map<String, Object> make(String arn, String id);
    }

    /** The entity named {@code name} with id {@code id}; WAFNonexistentItemException when there is none. */
    WafEntity require(WafScope scope, EntityKind kind, String name, String id) {
        WafEntity entity = byArn(scope.arn(kind, name, id));
        if (entity == null) {
            throw WafErrors.nonexistent();
        }
        return entity;
    }

    /**
     * The entity a Get request names, by its ARN or by its name, id and scope (AWS accepts either);
     * WAFNonexistentItemException when there is none of this kind.
     */
    WafEntity named(CallContext call, EntityKind kind, @Nullable String arn, @Nullable String name, @Nullable String id,
            @Nullable String scope) {
        if (arn != null) {
            WafEntity entity = byArn(arn);
            if (entity == null || entity.kind() != kind) {
                throw WafErrors.nonexistent();
            }
            return entity;
        }
        if (name == null || id == null || scope == null) {
            throw WafErrors.invalid(kind.field, "ARN", "Give either the ARN or the Name, Id and Scope.");
        }
        return require(WafScope.of(call, scope), kind, name, id);
    }

    @Nullable WafEntity byArn(String arn) {
        Row row = store.get(TABLE, arn);
        return row == null ? null : read(row);
    }

    /**
     * The lock token of the entity with this ARN, null when there is none. It is read without the
     * entity's tags and body (stored after it), for checks that only ask whether it changed.
     */
    @Nullable String lockToken(String arn) {
        Row row = store.get(TABLE, arn);
        if (row == null) {
            return null;
        }
        try (JsonParser parser = JSON.createParser(row.value())) {
            parser.nextToken();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                if (field.equals("lockToken")) {
                    return parser.getText();
                }
                parser.skipChildren();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("the stored WAF entity " + arn + " has no lock token");
    }

    /** The kind's entities in the scope, by name. */
    List<WafEntity> list(WafScope scope, EntityKind kind) {
        return listShelf(scope.shelf(kind));
    }

    /** The entities of one shelf ({@link WafScope#shelf}), by name. */
    List<WafEntity> listShelf(String shelf) {
        return store.find(TABLE, "shelf", shelf).stream().map(this::read)
                .sorted(Comparator.comparing(WafEntity::name)).toList();
    }

    /** A page of {@link #list}, 100 long unless {@code limit} says otherwise. */
    NamePages.Page<WafEntity> page(WafScope scope, EntityKind kind, @Nullable String marker, @Nullable Integer limit) {
        return NamePages.page(list(scope, kind), WafEntity::name, marker, limit, 100,
                WafErrors::badMarker);
    }

    /**
     * Replaces the body of the entity if {@code lockToken} is its current one (else
     * WAFOptimisticLockException); returns the new lock token.
     */
    String update(WafEntity entity, String lockToken, Map<String, Object> body) {
        String next = UUID.randomUUID().toString();
        change(entity.arn(), lockToken, current -> current.withBody(body, next));
        return next;
    }

    /** Replaces the tags of the entity, which keeps its lock token. */
    void retag(String arn, UnaryOperator<Map<String, String>> tags) {
        store.write(tx -> {
            Row row = tx.get(TABLE, arn);
            if (row == null) {
                throw WafErrors.nonexistent();
            }
            WafEntity current = read(row);
            tx.put(TABLE, row(current.withTags(tags.apply(new LinkedHashMap<>(current.tags())))));
            return null;
        });
    }

    /** Deletes the entity if {@code lockToken} is its current one and {@code inUse} finds no user of it. */
    void delete(WafEntity entity, String lockToken, Runnable inUse) {
        store.write(tx -> {
            Row row = tx.get(TABLE, entity.arn());
            if (row == null) {
                throw WafErrors.nonexistent();
            }
            if (!read(row).lockToken().equals(lockToken)) {
                throw WafErrors.staleLock();
            }
            inUse.run();
            tx.delete(TABLE, entity.arn());
            tx.delete(NAMES, entity.shelf() + "/" + entity.name());
            return null;
        });
        changed();
    }

    private void change(String arn, String lockToken, UnaryOperator<WafEntity> change) {
        store.write(tx -> {
            Row row = tx.get(TABLE, arn);
            if (row == null) {
                throw WafErrors.nonexistent();
            }
            WafEntity current = read(row);
            if (!current.lockToken().equals(lockToken)) {
                throw WafErrors.staleLock();
            }
            tx.put(TABLE, row(change.apply(current)));
            return null;
        });
        changed();
    }

    private Row row(WafEntity entity) {
        ObjectNode value = JSON.createObjectNode().put("kind", entity.kind().name()).put("shelf", entity.shelf())
                .put("name", entity.name()).put("id", entity.id()).put("arn", entity.arn())
                .put("lockToken", entity.lockToken());
        ObjectNode tags = value.putObject("tags");
        entity.tags().forEach(tags::put);
        try {
            value.set("body", JSON.readTree(StoredShapes.write(model, entity.kind().shape, entity.body())));
            return new Row(entity.arn(), Map.of("shelf", entity.shelf()), JSON.writeValueAsBytes(value));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private WafEntity read(Row row) {
        try {
            JsonNode v = JSON.readTree(row.value());
            EntityKind kind = EntityKind.valueOf(v.get("kind").asText());
            Map<String, String> tags = new LinkedHashMap<>();
            v.get("tags").properties().forEach(e -> tags.put(e.getKey(), e.getValue().asText()));
            Map<String, Object> body = StoredShapes.read(model, kind.shape, JSON.writeValueAsBytes(v.get("body")));
            return new WafEntity(kind, v.get("shelf").asText(), v.get("name").asText(), v.get("id").asText(),
                    v.get("arn").asText(), v.get("lockToken").asText(), body, tags);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
