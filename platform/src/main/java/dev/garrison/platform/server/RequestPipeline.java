package dev.garrison.platform.server;

import dev.garrison.platform.auth.SigV4Verifier;
import dev.garrison.platform.audit.AuditEvent;
import dev.garrison.platform.audit.CallRecorder;
import dev.garrison.platform.audit.AuditUnavailableException;
import dev.garrison.platform.core.AwsException;
import dev.garrison.platform.core.Authorizer;
import dev.garrison.platform.core.AwsShape;
import dev.garrison.platform.core.CallContext;
import dev.garrison.platform.core.CommonErrors;
import dev.garrison.platform.core.CommonErrors.Kind;
import dev.garrison.platform.core.OperationBinding;
import dev.garrison.platform.core.RequestIds;
import dev.garrison.platform.core.ShapeValidation;
import dev.garrison.platform.model.OperationModel;
import dev.garrison.platform.model.Protocol;
import dev.garrison.platform.protocol.ApiRequest;
import dev.garrison.platform.protocol.ApiResponse;
import dev.garrison.platform.protocol.ProtocolCodec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request path: route to the service, verify the SigV4 signature, resolve the operation,
 * decode and validate its input, authorize the caller for it, invoke the implementation, encode
 * the answer, and record the call in the audit trail before the answer leaves. Every failure
 * becomes an AWS error in the service's protocol; nothing else leaves this class.
 */
public final class RequestPipeline {
    private static final Logger REQUESTS = LoggerFactory.getLogger("garrison.request");
    private static final Logger LOG = LoggerFactory.getLogger(RequestPipeline.class);
    private static final String AUDIT_DOWN = "The audit trail cannot record calls now; Garrison does not run calls it cannot record.";

    private final ServiceRegistry registry;
    private final SigV4Verifier verifier;
    private final ApiMetrics metrics;
    private final Clock clock;
    private final Authorizer authorizer;
    private final CallRecorder audit;

    public RequestPipeline(ServiceRegistry registry, SigV4Verifier verifier, Authorizer authorizer, CallRecorder audit,
            ApiMetrics metrics, Clock clock) {
        this.registry = registry;
        this.audit = audit;
        this.authorizer = authorizer;
        this.verifier = verifier;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** What is known about a call as it goes through the path: what its audit record needs. */
    private static final class Progress {
        @Nullable ServiceEndpoint endpoint;
        @Nullable CallContext call;
        @Nullable OperationModel operation;
        @Nullable Map<String, Object> input;
        @Nullable Map<String, Object> output;
        @Nullable String resource;
        @Nullable AwsException error;
    }

    /** Serves one request; blocking, so it runs on a virtual thread. */
    public ApiResponse handle(ApiRequest request) {
        String requestId = RequestIds.next();
        Instant start = clock.instant();
        Progress progress = new Progress();
        ApiResponse response;
        try {
            response = serve(request, requestId, start, progress);
        } catch (AwsException e) {
            progress.error = e;
            response = codec(progress, request).encodeError(e, requestId);
        } catch (RuntimeException e) {
            LOG.error("request {} failed inside {}:{}", requestId, progress.endpoint == null ? "-" : progress.endpoint.model().name(),
                    progress.operation == null ? "-" : progress.operation.name(), e);
            progress.error = CommonErrors.internal();
            response = codec(progress, request).encodeError(progress.error, requestId);
        }
        response = recorded(progress, request, response, requestId);
        Map<String, String> headers = new LinkedHashMap<>(response.headers());
        headers.put("x-amzn-RequestId", requestId);
        Duration elapsed = Duration.between(start, clock.instant());
        String service = progress.endpoint == null ? "-" : progress.endpoint.model().name();
        String operation = progress.operation == null ? "-" : progress.operation.name();
        metrics.record(service, operation, response.status(), elapsed);
        if (REQUESTS.isInfoEnabled()) {
            // Formatted here in one pass: the asynchronous appender would otherwise format six arguments per line.
            REQUESTS.info("id=" + requestId + " service=" + service + " operation=" + operation + " principal="
                    + (progress.call == null ? "-" : progress.call.principal().arn()) + " status=" + response.status()
                    + " durationMs=" + elapsed.toMillis());
        }
        return new ApiResponse(response.status(), headers, response.body());
    }

    private ApiResponse serve(ApiRequest request, String requestId, Instant start, Progress progress) {
        request.requireSingleValuedHeaders();
        ServiceEndpoint endpoint = registry.route(request);
        progress.endpoint = endpoint;
        SigV4Verifier.Verified verified = verifier.verify(request.signed());
        if (!verified.service().equals(endpoint.model().signingName())) {
            throw CommonErrors.of(Kind.INVALID_SIGNATURE, "Credential should be scoped to correct service: '"
                    + endpoint.model().signingName() + "'. ");
        }
        CallContext call = new CallContext(requestId, verified.credential().principal(), verified.region(),
                request.sourceIp(), userAgent(request), start, request.secure());
        progress.call = call;
        OperationModel model = endpoint.codec().operation(request);
        progress.operation = model;
        Map<String, Object> tree = endpoint.codec().decode(request, model);
        progress.input = tree;
        OperationBinding binding = endpoint.binding(model.name());
        AwsShape input = parse(binding, tree);
        if (input != null) {
            ShapeValidation validation = new ShapeValidation();
            input.validate(validation, "");
            if (validation.hasErrors()) {
                throw CommonErrors.validation(validation);
            }
        }
        String resource = endpoint.resourceArn(call, model.name(), tree);
        if (resource != null) {
            progress.resource = resource;
            authorizer.authorize(call, endpoint.model().signingName() + ":" + model.name(), resource,
                    endpoint.conditionKeys(call, model.name(), tree));
        } else {
            progress.resource = endpoint.auditedResource(call, model.name(), tree);
        }
        if (!audit.healthy()) {
            throw CommonErrors.of(Kind.SERVICE_UNAVAILABLE, AUDIT_DOWN);
        }
        AwsShape output = binding.invoker().invoke(call, input);
        progress.output = output == null ? null : output.toTree();
        if (progress.output != null) {
            String created = endpoint.createdResource(model.name(), progress.output);
            if (created != null) {
                progress.resource = created;
            }
        }
        return endpoint.codec().encode(model, progress.output, requestId);
    }

    /** Records a call whose caller and operation are known; a call that cannot be recorded is answered as failed. */
    private ApiResponse recorded(Progress progress, ApiRequest request, ApiResponse response, String requestId) {
        if (progress.call == null || progress.operation == null || progress.endpoint == null) {
            return response;
        }
        try {
            AwsException error = progress.error;
            String errorCode = error instanceof CommonErrors.CommonError common
                    && progress.endpoint.model().protocol() == Protocol.QUERY ? common.queryCode() : null;
            Progress done = progress;
            audit.record(() -> AuditEvent.of(done.call, done.endpoint.model(), done.operation, done.input, done.output,
                    error, errorCode, done.resource));
            return response;
        } catch (AuditUnavailableException e) {
            LOG.error("request {} could not be recorded: {}", requestId, e.getMessage());
            return codec(progress, request).encodeError(CommonErrors.of(Kind.SERVICE_UNAVAILABLE, AUDIT_DOWN), requestId);
        }
    }

    private ProtocolCodec codec(Progress progress, ApiRequest request) {
        return (progress.endpoint != null ? progress.endpoint : registry.fallback(request)).codec();
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
