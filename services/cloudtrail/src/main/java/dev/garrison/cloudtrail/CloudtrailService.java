package dev.garrison.cloudtrail;

import dev.garrison.api.cloudtrail.CloudtrailApi;
import dev.garrison.api.cloudtrail.Event;
import dev.garrison.api.cloudtrail.InvalidLookupAttributesException;
import dev.garrison.api.cloudtrail.InvalidNextTokenException;
import dev.garrison.api.cloudtrail.InvalidTimeRangeException;
import dev.garrison.api.cloudtrail.LookupAttribute;
import dev.garrison.api.cloudtrail.LookupEventsRequest;
import dev.garrison.api.cloudtrail.LookupEventsResponse;
import dev.garrison.api.cloudtrail.Resource;
import dev.garrison.platform.audit.AuditEvent;
import dev.garrison.platform.audit.AuditTrail;
import dev.garrison.platform.core.CallContext;
import dev.garrison.platform.storage.Row;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/** AWS CloudTrail's event history: {@code LookupEvents} over Garrison's audit trail. */
public final class CloudtrailService implements CloudtrailApi {
    private static final Duration HISTORY = Duration.ofDays(90);
    private static final int DEFAULT_MAX_RESULTS = 50;

    private final AuditTrail trail;
    private final Clock clock;

    public CloudtrailService(AuditTrail trail, Clock clock) {
        this.trail = trail;
        this.clock = clock;
    }

    @Override
    public LookupEventsResponse lookupEvents(CallContext call, LookupEventsRequest request) {
        Instant end = request.endTime() == null ? clock.instant().plusSeconds(1) : request.endTime();
        Instant start = request.startTime() == null ? end.minus(HISTORY) : request.startTime();
        if (start.isAfter(end)) {
            throw new InvalidTimeRangeException("Start time must be before end time.");
        }
        List<LookupAttribute> attributes = request.lookupAttributes() == null ? List.of() : request.lookupAttributes();
        if (attributes.size() > 1) {
            throw new InvalidLookupAttributesException("You can specify only one lookup attribute.");
        }
        Predicate<Row> filter = attributes.isEmpty() ? row -> true : matching(attributes.getFirst());
        int limit = request.maxResults() == null ? DEFAULT_MAX_RESULTS : request.maxResults();
        AuditTrail.Lookup page = trail.lookup(start, end, filter, fromToken(request.nextToken()), limit);
        return LookupEventsResponse.builder()
                .events(page.events().stream().map(CloudtrailService::event).toList())
                .nextToken(page.nextKey() == null ? null : Base64.getUrlEncoder().withoutPadding()
                        .encodeToString(page.nextKey().getBytes(StandardCharsets.UTF_8)))
                .build();
    }

    private static Predicate<Row> matching(LookupAttribute attribute) {
        String value = attribute.attributeValue();
        String column = switch (attribute.attributeKey()) {
            case "EventId" -> "event_id";
            case "EventName" -> "event_name";
            case "ReadOnly" -> "read_only";
            case "Username" -> "username";
            case "ResourceName" -> "resource_name";
            case "EventSource" -> "event_source";
            case "AccessKeyId" -> "access_key_id";
            case "ResourceType" -> null;
            default -> throw new InvalidLookupAttributesException("Unknown lookup attribute " + attribute.attributeKey() + ".");
        };
        if (column == null) {
            return row -> ResourceTypes.of(String.valueOf(row.index().get("resource_name"))).equals(value);
        }
        return row -> value.equals(String.valueOf(row.index().get(column)));
    }

    private static @Nullable String fromToken(@Nullable String token) {
        if (token == null) {
            return null;
        }
        try {
            String key = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (!key.matches("\\d{15}-[0-9a-f-]{36}")) {
                throw new IllegalArgumentException();
            }
            return key;
        } catch (IllegalArgumentException e) {
            throw new InvalidNextTokenException("Invalid NextToken.");
        }
    }

    private static Event event(AuditEvent audit) {
        String resource = audit.resourceName();
        return Event.builder()
                .eventId(audit.eventId())
                .eventName(audit.eventName())
                .eventSource(audit.eventSource())
                .eventTime(audit.eventTime())
                .readOnly(Boolean.toString(audit.readOnly()))
                .username(audit.username())
                .accessKeyId(audit.accessKeyId().isEmpty() ? null : audit.accessKeyId())
                .resources(resource.isEmpty() ? List.of() : List.of(Resource.builder().resourceName(resource)
                        .resourceType(ResourceTypes.of(resource)).build()))
                .cloudTrailEvent(audit.jsonText())
                .build();
    }
}
