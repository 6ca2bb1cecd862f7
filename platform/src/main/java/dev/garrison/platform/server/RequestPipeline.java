package dev.garrison.platform.server;

import dev.garrison.platform.auth.SigV4Verifier;
import dev.garrison.platform.core.AwsException;
import dev.garrison.platform.core.Authorizer;
import dev.garrison.platform.core.AwsShape;
import dev.garrison.platform.core.CallContext;
import dev.garrison.platform.core.CommonErrors;
import dev.garrison.platform.core.CommonErrors.Kind;
import dev.garrison.platform.core.OperationBinding;
import dev.garrison.platform.core.ShapeValidation;
import dev.garrison.platform.model.OperationModel;
import dev.garrison.platform.protocol.ApiRequest;
import dev.garrison.platform.protocol.ApiResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request path: route to the service, verify the SigV4 signature, resolve the operation,
 * decode and validate its input, authorize the caller for it, invoke the implementation, encode
 * the answer. Every failure
 * becomes an AWS error in the service's protocol; nothing else leaves this class.
 */
public final class RequestPipeline {
    private static final Logger REQUESTS = LoggerFactory.getLogger("garrison.request");
    private static final Logger LOG = LoggerFactory.getLogger(RequestPipeline.class);

    private final ServiceRegistry registry;
    private final SigV4Verifier verifier;
    private final ApiMetrics metrics;
    private final Clock clock;
    private final Authorizer authorizer;

    public RequestPipeline(ServiceRegistry registry, SigV4Verifier verifier, Authorizer authorizer, ApiMetrics metrics,
            Clock clock) {
        this.registry = registry;
        this.authorizer = authorizer;
        this.verifier = verifier;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Serves one request; blocking, so it runs on a virtual thread. */
    public ApiResponse handle(ApiRequest request) {
        String requestId = newRequestId();
        Instant start = clock.instant();
        ServiceEndpoint endpoint = null;
        String operation = "-";
        String principal = "-";
        ApiResponse response;
        try {
            request.requireSingleValuedHeaders();
            endpoint = registry.route(request);
            SigV4Verifier.Verified verified = verifier.verify(request.signed());
            principal = verified.credential().principal().arn();
            if (!verified.service().equals(endpoint.model().signingName())) {
                throw CommonErrors.of(Kind.INVALID_SIGNATURE, "Credential should be scoped to correct service: '"
                        + endpoint.model().signingName() + "'. ");
            }
            OperationModel model = endpoint.codec().operation(request);
            operation = model.name();
            Map<String, Object> tree = endpoint.codec().decode(request, model);
            OperationBinding binding = endpoint.binding(model.name());
            AwsShape input = parse(binding, tree);
            if (input != null) {
                ShapeValidation validation = new ShapeValidation();
                input.validate(validation, "");
                if (validation.hasErrors()) {
                    throw CommonErrors.validation(validation);
                }
            }
            CallContext call = new CallContext(requestId, verified.credential().principal(), verified.region(),
                    request.sourceIp(), userAgent(request), start);
            String resource = endpoint.resourceArn(call, model.name(), input);
            if (resource != null) {
                authorizer.authorize(call, endpoint.model().signingName() + ":" + model.name(), resource);
            }
            AwsShape output = binding.invoker().invoke(call, input);
            response = endpoint.codec().encode(model, output == null ? null : output.toTree(), requestId);
        } catch (AwsException e) {
            response = (endpoint != null ? endpoint : registry.fallback(request)).codec().encodeError(e, requestId);
        } catch (RuntimeException e) {
            LOG.error("request {} failed inside {}:{}", requestId, endpoint == null ? "-" : endpoint.model().name(), operation, e);
            response = (endpoint != null ? endpoint : registry.fallback(request)).codec().encodeError(CommonErrors.internal(), requestId);
        }
        Map<String, String> headers = new LinkedHashMap<>(response.headers());
        headers.put("x-amzn-RequestId", requestId);
        Duration elapsed = Duration.between(start, clock.instant());
        String service = endpoint == null ? "-" : endpoint.model().name();
        metrics.record(service, operation, response.status(), elapsed);
        REQUESTS.info("id={} service={} operation={} principal={} status={} durationMs={}",
                requestId, service, operation, principal, response.status(), elapsed.toMillis());
        return new ApiResponse(response.status(), headers, response.body());
    }

    /**
     * A random UUID in AWS's request-id form. Request ids need to be unique, not unpredictable,
     * so they come from the thread's fast generator rather than the shared SecureRandom.
     */
    private static String newRequestId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    private static AwsShape parse(OperationBinding binding, Map<String, Object> tree) {
        if (binding.parser() == null) {
            return null;
        }
        try {
            return binding.parser().apply(tree);
        } catch (ClassCastException e) {
            throw CommonErrors.serialization("A member of the request has the wrong type.");
        }
    }

    private static String userAgent(ApiRequest request) {
        String agent = request.header("user-agent");
        return agent == null ? "" : agent;
    }
}
