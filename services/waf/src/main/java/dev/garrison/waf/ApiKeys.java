package dev.garrison.waf;

import dev.garrison.api.wafv2.APIKeySummary;
import dev.garrison.api.wafv2.CreateAPIKeyRequest;
import dev.garrison.api.wafv2.CreateAPIKeyResponse;
import dev.garrison.api.wafv2.DeleteAPIKeyRequest;
import dev.garrison.api.wafv2.GetDecryptedAPIKeyRequest;
import dev.garrison.api.wafv2.GetDecryptedAPIKeyResponse;
import dev.garrison.api.wafv2.ListAPIKeysRequest;
import dev.garrison.api.wafv2.ListAPIKeysResponse;
import dev.garrison.platform.core.CallContext;
import dev.garrison.platform.core.NamePages;
import dev.garrison.platform.model.ServiceModel;
import dev.garrison.platform.protocol.StoredShapes;
import dev.garrison.platform.storage.Row;
import dev.garrison.platform.storage.Store;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * CreateAPIKey, ListAPIKeys, GetDecryptedAPIKey and DeleteAPIKey: keys that name the token
 * domains a CAPTCHA or challenge integration on another site may earn tokens for. A key is a
 * value this Garrison signed, so a forged one is refused before storage is read.
 */
final class ApiKeys {
    private static final String TABLE = "waf_api_keys";
    private static final String LABEL = "api-key";
    private static final int QUOTA = 100;
    private static final int DOMAINS = 5;

    private final Store store;
    private final ServiceModel model;
    private final TokenSigner signer;
    private final Clock clock;

    ApiKeys(Store store, ServiceModel model, TokenSigner signer, Clock clock) {
        this.store = store;
        this.model = model;
        this.signer = signer;
        this.clock = clock;
    }

    CreateAPIKeyResponse create(CallContext call, CreateAPIKeyRequest request) {
        String shelf = shelf(call, request.scope());
        if (request.tokenDomains().size() > DOMAINS) {
            throw WafErrors.invalid("TOKEN_DOMAIN", Integer.toString(request.tokenDomains().size()),
                    "An API key takes at most " + DOMAINS + " token domains.");
        }
        List<String> domains = request.tokenDomains().stream().map(PlanCompiler::tokenDomain).distinct().toList();
        String key = signer.sign(LABEL, TokenSigner.random(24));
        APIKeySummary summary = new APIKeySummary(key, clock.instant(), domains, 0);
        store.write(tx -> {
            if (store.find(TABLE, "shelf", shelf).size() >= QUOTA) {
                throw WafErrors.limit();
            }
            tx.put(TABLE, new Row(shelf + "/" + key, Map.of("shelf", shelf),
                    StoredShapes.write(model, "APIKeySummary", summary.toTree())));
            return null;
        });
        return new CreateAPIKeyResponse(key);
    }

    ListAPIKeysResponse list(CallContext call, ListAPIKeysRequest request) {
        List<APIKeySummary> all = store.find(TABLE, "shelf", shelf(call, request.scope())).stream().map(this::read)
                .sorted(Comparator.comparing(APIKeySummary::apiKey)).toList();
        NamePages.Page<APIKeySummary> page = NamePages.page(all, APIKeySummary::apiKey, request.nextMarker(), request.limit(),
                100, WafErrors::badMarker);
        return new ListAPIKeysResponse(page.items(), null, page.next());
    }

    GetDecryptedAPIKeyResponse decrypt(CallContext call, GetDecryptedAPIKeyRequest request) {
        APIKeySummary summary = require(shelf(call, request.scope()), request.apiKey());
        return new GetDecryptedAPIKeyResponse(summary.creationTimestamp(), summary.tokenDomains());
    }

    void delete(CallContext call, DeleteAPIKeyRequest request) {
        String shelf = shelf(call, request.scope());
        require(shelf, request.apiKey());
        store.write(tx -> tx.delete(TABLE, shelf + "/" + request.apiKey()));
    }

    private APIKeySummary require(String shelf, String key) {
        Row row = signer.verify(LABEL, key) == null ? null : store.get(TABLE, shelf + "/" + key);
        if (row == null) {
            throw WafErrors.nonexistent();
        }
        return read(row);
    }

    private static String shelf(CallContext call, String scope) {
        WafScope where = WafScope.of(call, scope);
        return where.scope() + "/" + where.region();
    }

    private APIKeySummary read(Row row) {
        return APIKeySummary.fromTree(StoredShapes.read(model, "APIKeySummary", row.value()));
    }
}
