package dev.garrison.platform.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.garrison.platform.core.AwsException;
import dev.garrison.platform.core.CallContext;
import dev.garrison.platform.core.Principal;
import dev.garrison.platform.core.RequestIds;
import dev.garrison.platform.events.BusEvent;
import dev.garrison.platform.model.OperationModel;
import dev.garrison.platform.model.ServiceModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One API call as a CloudTrail record (event version 1.11): who, what, from where, with which
 * parameters and result. Secrets never enter it: see {@link AuditRedaction}. The record is kept as
 * the JSON it is stored and filed as, written once by its caller; the other components are the
 * attributes LookupEvents finds records by, as the record holds them.
 *
 * @param json the CloudTrail record, UTF-8 JSON
 * @param eventId the record's id
 * @param eventTime when the call arrived
 * @param eventName the operation
 * @param eventSource the service's endpoint name, such as {@code kms.amazonaws.com}
 * @param username the IAM user's name, else the principal's ARN
 * @param accessKeyId the access key the call was signed with, or empty
 * @param readOnly whether the operation changes nothing
 * @param resourceName the ARN the call was authorized against, or empty
 */
public record AuditEvent(byte[] json, String eventId, Instant eventTime, String eventName, String eventSource,
        String username, String accessKeyId, boolean readOnly, String resourceName) {
    /** Records are written on their callers' virtual threads: buffers come from a shared pool, as in JsonShapes. */
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool()).build());
    /** Operation-name prefixes of calls that change nothing, as CloudTrail's readOnly marks them. */
    private static final List<String> READ_ONLY = List.of("Get", "List", "Describe", "Lookup", "Check", "Test", "Search",
            "Simulate", "Verify", "Generate", "Encrypt", "Decrypt", "ReEncrypt", "Sign", "Derive");

    /**
     * The record of a call whose caller is known; {@code error} is null when it succeeded, and
     * {@code errorCode} is its code as the client received it (Query and JSON spell some apart).
     * Written field by field: building a tree first and serializing that took twice as long.
     */
    public static AuditEvent of(CallContext call, ServiceModel model, OperationModel operation,
            @Nullable Map<String, Object> request, @Nullable Map<String, Object> response, @Nullable AwsException error,
            @Nullable String errorCode, @Nullable String resource) {
        String eventId = RequestIds.ordered(call.receivedAt().toEpochMilli());
        Instant time = call.receivedAt().truncatedTo(ChronoUnit.SECONDS);
        Principal principal = call.principal();
        boolean readOnly = READ_ONLY.stream().anyMatch(operation.name()::startsWith);
        String resourceName = resource == null || !resource.startsWith("arn:") ? "" : resource;
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try (JsonGenerator record = JSON.createGenerator(out)) {
            record.writeStartObject();
            record.writeStringField("eventVersion", "1.11");
            record.writeFieldName("userIdentity");
            identity(record, principal);
            record.writeStringField("eventTime", time.toString());
            record.writeStringField("eventSource", model.eventSource());
            record.writeStringField("eventName", operation.name());
            record.writeStringField("awsRegion", call.region());
            record.writeStringField("sourceIPAddress", call.sourceIp());
            record.writeStringField("userAgent", call.userAgent());
            if (error != null) {
                record.writeStringField("errorCode", errorCode != null ? errorCode : error.code());
                if (error.getMessage() != null) {
                    record.writeStringField("errorMessage", error.getMessage());
                }
            }
            record.writeObjectField("requestParameters",
                    request == null || operation.input() == null ? null : AuditRedaction.visible(model, operation.input(), request));
            record.writeObjectField("responseElements",
                    response == null || operation.output() == null ? null : AuditRedaction.visible(model, operation.output(), response));
            record.writeStringField("requestID", call.requestId());
            record.writeStringField("eventID", eventId);
            record.writeBooleanField("readOnly", readOnly);
            if (!resourceName.isEmpty()) {
                record.writeArrayFieldStart("resources");
                record.writeStartObject();
                record.writeStringField("ARN", resourceName);
                record.writeStringField("accountId", principal.accountId());
                record.writeEndObject();
                record.writeEndArray();
            }
            record.writeStringField("eventType", "AwsApiCall");
            record.writeBooleanField("managementEvent", true);
            record.writeStringField("recipientAccountId", principal.accountId());
            record.writeStringField("eventCategory", "Management");
            record.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new AuditEvent(out.toByteArray(), eventId, time, operation.name(), model.eventSource(),
                principal.type().equals("IAMUser") ? principal.name() : principal.arn(),
                principal.accessKeyId() == null ? "" : principal.accessKeyId(), readOnly, resourceName);
    }

    private static void identity(JsonGenerator identity, Principal principal) throws IOException {
        identity.writeStartObject();
        identity.writeStringField("type", principal.type());
        identity.writeStringField("principalId", principal.principalId());
        identity.writeStringField("arn", principal.arn());
        identity.writeStringField("accountId", principal.accountId());
        if (principal.accessKeyId() != null) {
            identity.writeStringField("accessKeyId", principal.accessKeyId());
        }
        if (principal.type().equals("IAMUser")) {
            identity.writeStringField("userName", principal.name());
            if (principal.mfaAuthenticatedAt() != null) {
                identity.writeObjectFieldStart("sessionContext");
                identity.writeObjectFieldStart("attributes");
                identity.writeStringField("mfaAuthenticated", "true");
                identity.writeEndObject();
                identity.writeEndObject();
            }
        }
        if (principal.type().equals("AssumedRole")) {
            identity.writeFieldName("sessionContext");
            sessionContext(identity, principal);
        }
        identity.writeEndObject();
    }

    /**
     * The role a session was issued by, read from the assumed-role ARN
     * ({@code arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION}) and the role id before the colon.
     */
    private static void sessionContext(JsonGenerator context, Principal principal) throws IOException {
        String[] resource = principal.arn().split(":", 6)[5].split("/");
        int colon = principal.principalId().indexOf(':');
        context.writeStartObject();
        context.writeObjectFieldStart("sessionIssuer");
        context.writeStringField("type", "Role");
        context.writeStringField("principalId", colon < 0 ? principal.principalId() : principal.principalId().substring(0, colon));
        context.writeStringField("arn", "arn:aws:iam::" + principal.accountId() + ":role/" + (resource.length > 1 ? resource[1] : ""));
        context.writeStringField("accountId", principal.accountId());
        context.writeStringField("userName", resource.length > 1 ? resource[1] : "");
        context.writeEndObject();
        context.writeObjectFieldStart("attributes");
        context.writeStringField("mfaAuthenticated", Boolean.toString(principal.mfaAuthenticatedAt() != null));
        context.writeEndObject();
        context.writeEndObject();
    }

    /** The record as JSON text, as LookupEvents returns it. */
    public String jsonText() {
        return new String(json, StandardCharsets.UTF_8);
    }

    /**
     * This call as EventBridge carries CloudTrail records: source {@code aws.SERVICE}, detail type
     * {@code AWS API Call via CloudTrail}, the record as the detail. The event's id is the
     * record's, so a delivery made twice carries the same id both times.
     */
    public BusEvent busEvent() {
        ObjectNode record;
        try {
            record = (ObjectNode) JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int dot = eventSource.indexOf('.');
        return new BusEvent(eventId, "aws." + (dot < 0 ? eventSource : eventSource.substring(0, dot)),
                "AWS API Call via CloudTrail", eventTime, record.path("recipientAccountId").asText(""),
                record.path("awsRegion").asText(""), List.of(), record);
    }
}
