package dev.garrison.events;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.garrison.api.events.PutEventsRequest;
import dev.garrison.api.events.PutEventsRequestEntry;
import dev.garrison.api.events.PutEventsResponse;
import dev.garrison.api.events.PutEventsResultEntry;
import dev.garrison.platform.core.CallContext;
import dev.garrison.platform.core.CommonErrors;
import dev.garrison.platform.core.RequestIds;
import dev.garrison.platform.events.BusEvent;
import dev.garrison.platform.events.EventBus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * PutEvents: custom events onto the default bus, durably, in one transaction for the request.
 * Each entry is checked on its own and answered with an event id or EventBridge's error code for
 * it; the request as a whole is refused only when it is over EventBridge's 256 KB.
 */
final class EventPublishing {
    /** EventBridge's limit on the entries of one PutEvents request, counted as it counts them. */
    private static final int MAX_REQUEST_BYTES = 256 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final EventBus bus;
    private final Clock clock;

    EventPublishing(EventBus bus, Clock clock) {
        this.bus = bus;
        this.clock = clock;
    }

    PutEventsResponse put(CallContext call, PutEventsRequest request) {
        if (request.entries().stream().mapToLong(EventPublishing::size).sum() > MAX_REQUEST_BYTES) {
            throw CommonErrors.of(CommonErrors.Kind.VALIDATION, "Total size of the entries in the request is over the limit.");
        }
        List<PutEventsResultEntry> results = new ArrayList<>();
        List<BusEvent> accepted = new ArrayList<>();
        for (PutEventsRequestEntry entry : request.entries()) {
            PutEventsResultEntry refusal = refusal(entry);
            JsonNode detail = refusal == null ? detail(entry.detail()) : null;
            if (detail == null) {
                results.add(refusal != null ? refusal : failed("MalformedDetail", "Detail is malformed."));
                continue;
            }
            BusEvent event = new BusEvent(RequestIds.next(), entry.source(), entry.detailType(),
                    entry.time() == null ? clock.instant() : entry.time(), call.principal().accountId(), call.region(),
                    entry.resources() == null ? List.of() : entry.resources(), detail);
            accepted.add(event);
            results.add(PutEventsResultEntry.builder().eventId(event.id()).build());
        }
        if (!accepted.isEmpty()) {
            bus.publish(accepted);
        }
        return PutEventsResponse.builder().entries(results)
                .failedEntryCount((int) results.stream().filter(r -> r.errorCode() != null).count()).build();
    }

    private static @Nullable PutEventsResultEntry refusal(PutEventsRequestEntry entry) {
        if (entry.eventBusName() != null && !entry.eventBusName().equals(RuleDispatcher.DEFAULT_BUS)
                && !entry.eventBusName().endsWith(":event-bus/" + RuleDispatcher.DEFAULT_BUS)) {
            return failed("ResourceNotFoundException", "Event bus " + entry.eventBusName() + " does not exist.");
        }
        for (String[] required : new String[][] {{"Source", entry.source()}, {"DetailType", entry.detailType()},
                {"Detail", entry.detail()}}) {
            if (required[1] == null || required[1].isBlank()) {
                return failed("InvalidArgument", "Parameter " + required[0] + " is not valid. Reason: " + required[0]
                        + " is a required argument.");
            }
        }
        if (entry.source().startsWith("aws.")) {
            return failed("NotAuthorizedForSourceException", "Not authorized for the source.");
        }
        return null;
    }

    /** The detail when it is a JSON object, else null. */
    private static @Nullable JsonNode detail(String text) {
        try {
            JsonNode detail = JSON.readTree(text);
            return detail != null && detail.isObject() ? detail : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static PutEventsResultEntry failed(String code, String message) {
        return PutEventsResultEntry.builder().errorCode(code).errorMessage(message).build();
    }

    /** The entry's size as EventBridge documents it: its strings in UTF-8, 14 bytes for a time. */
    private static long size(PutEventsRequestEntry entry) {
        long size = entry.time() == null ? 0 : 14;
        for (String text : new String[] {entry.source(), entry.detailType(), entry.detail()}) {
            size += text == null ? 0 : text.getBytes(StandardCharsets.UTF_8).length;
        }
        if (entry.resources() != null) {
            size += entry.resources().stream().mapToLong(r -> r.getBytes(StandardCharsets.UTF_8).length).sum();
        }
        return size;
    }
}
