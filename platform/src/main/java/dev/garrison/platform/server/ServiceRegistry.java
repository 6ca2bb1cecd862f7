package dev.garrison.platform.server;

import dev.garrison.platform.auth.SigV4Verifier;
import dev.garrison.platform.core.CommonErrors;
import dev.garrison.platform.core.CommonErrors.Kind;
import dev.garrison.platform.core.ServiceOperations;
import dev.garrison.platform.model.Protocol;
import dev.garrison.platform.protocol.ApiRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Finds the service a request is for: by its {@code X-Amz-Target} prefix (JSON protocols), else
 * by the service of its SigV4 credential scope, so one port serves every service.
 */
public final class ServiceRegistry {
    private final List<ServiceEndpoint> endpoints;
    private final Map<String, ServiceEndpoint> byTargetPrefix = new HashMap<>();
    private final Map<String, ServiceEndpoint> bySigningName = new HashMap<>();
    private final Map<String, ServiceEndpoint> byName = new HashMap<>();

    public ServiceRegistry(List<ServiceOperations> services) {
        this.endpoints = services.stream().map(ServiceEndpoint::new).toList();
        for (ServiceEndpoint endpoint : endpoints) {
            if (endpoint.model().targetPrefix() != null) {
                byTargetPrefix.put(endpoint.model().targetPrefix(), endpoint);
            }
            bySigningName.put(endpoint.model().signingName(), endpoint);
            byName.put(endpoint.model().name(), endpoint);
        }
    }

    public List<ServiceEndpoint> endpoints() {
        return endpoints;
    }

    public @Nullable ServiceEndpoint byName(String name) {
        return byName.get(name);
    }

    /** The endpoint for {@code request}; throws an AWS error when no service can be named. */
    ServiceEndpoint route(ApiRequest request) {
        String target = request.header("x-amz-target");
        if (target != null) {
            int dot = target.lastIndexOf('.');
            ServiceEndpoint endpoint = dot < 0 ? null : byTargetPrefix.get(target.substring(0, dot));
            if (endpoint == null) {
                throw CommonErrors.of(Kind.UNKNOWN_OPERATION, "No service serves the target in X-Amz-Target.");
            }
            return endpoint;
        }
        String service = SigV4Verifier.scopeService(request.signed());
        ServiceEndpoint endpoint = service == null ? null : bySigningName.get(service);
        if (endpoint != null) {
            return endpoint;
        }
        if (!SigV4Verifier.isSigned(request.signed())) {
            throw CommonErrors.of(Kind.MISSING_AUTHENTICATION, "Missing Authentication Token");
        }
        throw CommonErrors.of(Kind.UNKNOWN_OPERATION, "No service of this server is named by the credential scope.");
    }

    /** The codec that answers errors for requests no service could be found for. */
    ServiceEndpoint fallback(ApiRequest request) {
        boolean form = request.mediaType().equals("application/x-www-form-urlencoded") || request.rawQuery().contains("Action=");
        for (ServiceEndpoint endpoint : endpoints) {
            if ((endpoint.model().protocol() == Protocol.QUERY) == form) {
                return endpoint;
            }
        }
        return endpoints.getFirst();
    }
}
