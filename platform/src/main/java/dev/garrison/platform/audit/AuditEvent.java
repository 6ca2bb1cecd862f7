package dev.garrison.platform.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.garrison.platform.core.AwsException;
import dev.garrison.platform.core.CallContext;
import dev.garrison.platform.core.Principal;
import dev.garrison.platform.core.RequestIds;
import dev.garrison.platform.events.BusEvent;
import dev.garrison.platform.model.OperationModel;
import dev.garrison.platform.model.ServiceModel;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One API call as a CloudTrail record (event version 1.11): who, what, from where, with which
 * parameters and result. Secrets never enter it: see {@link AuditRedaction}.
 *
 * @param record the CloudTrail JSON
 * @param eventId the record's id
 * @param eventTime when the call arrived
 * @param resourceName the ARN the call was authorized against, or empty
 */
public record AuditEvent(ObjectNode record, String eventId, Instant eventTime, String resourceName) {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Operation-name prefixes of calls that change nothing, as CloudTrail's readOnly marks them. */
    private static final List<String> READ_ONLY = List.of("Get", "List", "Describe", "Lookup", "Check", "Test", "Search",
            "Simulate", "Verify", "Generate", "Encrypt", "Decrypt", "ReEncrypt", "Sign", "Derive");

    /**
     * The record of a call whose caller is known; {@code error} is null when it succeeded, and
     * {@code errorCode} is its code as the client received it (Query and JSON spell some apart).
     */
    public static AuditEvent of(CallContext call, ServiceModel model, OperationModel operation,
            @Nullable Map<String, Object> request, @Nullable Map<String, Object> response, @Nullable AwsException error,
            @Nullable String errorCode, @Nullable String resource) {
        String eventId = RequestIds.ordered(call.receivedAt().toEpochMilli());
        Instant time = call.receivedAt().truncatedTo(ChronoUnit.SECONDS);
        ObjectNode record = JSON.createObjectNode();
        record.put("eventVersion", "1.11");
        record.set("userIdentity", identity(call.principal()));
        record.put("eventTime", time.toString());
        record.put("eventSource", model.eventSource());
        record.put("eventName", operation.name());
        record.put("awsRegion", call.region());
        record.put("sourceIPAddress", call.sourceIp());
        record.put("userAgent", call.userAgent());
        if (error != null) {
            record.put("errorCode", errorCode != null ? errorCode : error.code());
            if (error.getMessage() != null) {
                record.put("errorMessage", error.getMessage());
            }
        }
        record.set("requestParameters", JSON.valueToTree(
                request == null || operation.input() == null ? null : AuditRedaction.visible(model, operation.input(), request)));
        record.set("responseElements", JSON.valueToTree(
                response == null || operation.output() == null ? null : AuditRedaction.visible(model, operation.output(), response)));
        record.put("requestID", call.requestId());
        record.put("eventID", eventId);
        record.put("readOnly", READ_ONLY.stream().anyMatch(operation.name()::startsWith));
        if (resource != null && resource.startsWith("arn:")) {
            record.putArray("resources").addObject().put("ARN", resource).put("accountId", call.principal().accountId());
        }
        record.put("eventType", "AwsApiCall");
        record.put("managementEvent", true);
        record.put("recipientAccountId", call.principal().accountId());
        record.put("eventCategory", "Management");
        return new AuditEvent(record, eventId, time, resource == null || !resource.startsWith("arn:") ? "" : resource);
    }

    private static ObjectNode identity(Principal principal) {
        ObjectNode identity = JSON.createObjectNode();
        identity.put("type", principal.type());
        identity.put("principalId", principal.principalId());
        identity.put("arn", principal.arn());
        identity.put("accountId", principal.accountId());
        if (principal.accessKeyId() != null) {
            identity.put("accessKeyId", principal.accessKeyId());
        }
        if (principal.type().equals("IAMUser")) {
            identity.put("userName", principal.name());
            if (principal.mfaAuthenticatedAt() != null) {
                identity.putObject("sessionContext").putObject("attributes").put("mfaAuthenticated", "true");
            }
        }
        if (principal.type().equals("AssumedRole")) {
            identity.set("sessionContext", sessionContext(principal));
        }
        return identity;
    }

    /**
     * The role a session was issued by, read from the assumed-role ARN
     * ({@code arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION}) and the role id before the colon.
     */
    private static ObjectNode sessionContext(Principal principal) {
        ObjectNode context = JSON.createObjectNode();
        String[] resource = principal.arn().split(":", 6)[5].split("/");
        int colon = principal.principalId().indexOf(':');
        context.putObject("sessionIssuer")
                .put("type", "Role")
                .put("principalId", colon < 0 ? principal.principalId() : principal.principalId().substring(0, colon))
                .put("arn", "arn:aws:iam::" + principal.accountId() + ":role/" + (resource.length > 1 ? resource[1] : ""))
                .put("accountId", principal.accountId())
                .put("userName", resource.length > 1 ? resource[1] : "");
        context.putObject("attributes").put("mfaAuthenticated", Boolean.toString(principal.mfaAuthenticatedAt() != null));
        return context;
    }

    /**
     * This call as EventBridge carries CloudTrail records: source {@code aws.SERVICE}, detail type
     * {@code AWS API Call via CloudTrail}, the record as the detail. The event's id is the
     * record's, so a delivery made twice carries the same id both times.
     */
    public BusEvent busEvent() {
        String source = eventSource();
        int dot = source.indexOf('.');
        return new BusEvent(eventId, "aws." + (dot < 0 ? source : source.substring(0, dot)),
                "AWS API Call via CloudTrail", eventTime, record.path("recipientAccountId").asText(""),
                record.path("awsRegion").asText(""), List.of(), record);
    }

    public String eventName() {
        return record.get("eventName").asText();
    }

    public String eventSource() {
        return record.get("eventSource").asText();
    }

    /** The user name LookupEvents filters on: the IAM user's name, else the principal's. */
    public String username() {
        return record.get("userIdentity").has("userName") ? record.get("userIdentity").get("userName").asText()
                : record.get("userIdentity").get("arn").asText();
    }

    public String accessKeyId() {
        return record.get("userIdentity").path("accessKeyId").asText("");
    }

    public boolean readOnly() {
        return record.get("readOnly").asBoolean();
    }
}
