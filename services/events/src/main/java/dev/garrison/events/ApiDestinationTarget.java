package dev.garrison.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.garrison.api.events.CreateConnectionAuthRequestParameters;
import dev.garrison.platform.core.CommonErrors;
import dev.garrison.platform.events.DeliveryFailure;
import dev.garrison.platform.events.EventTarget;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Delivers to API destinations over HTTP as EventBridge does: the payload as a JSON body, the
 * connection's authorization and parameters (which win over the target's on a clash), a 5-second
 * timeout, at most the destination's invocations per second; 401, 407, 409, 429, 5xx and network
 * errors are worth retrying, other answers are final.
 */
final class ApiDestinationTarget implements EventTarget {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Set<Integer> RETRYABLE = Set.of(401, 407, 409, 429);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ApiDestinations destinations;
    private final Connections connections;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1).build();
    private final Map<String, Pacer> pacers = new ConcurrentHashMap<>();

    ApiDestinationTarget(ApiDestinations destinations, Connections connections) {
        this.destinations = destinations;
        this.connections = connections;
    }

    @Override
    public boolean accepts(String arn) {
        String[] parts = arn.split(":", 6);
        return parts.length == 6 && parts[0].equals("arn") && parts[2].equals("events")
                && parts[5].startsWith("api-destination/");
    }

    @Override
    public void check(String arn, String account, String region) {
        String[] parts = arn.split(":", 6);
        if (!parts[3].equals(region) || !parts[4].equals(account) || destinations.byArn(arn) == null) {
            throw CommonErrors.of(CommonErrors.Kind.VALIDATION, "API destination " + arn + " does not exist.");
        }
    }

    @Override
    public void deliver(String arn, byte[] payload, Map<String, String> headers, Map<String, String> query)
            throws DeliveryFailure {
        ApiDestinations.Stored destination = destinations.byArn(arn);
        if (destination == null) {
            throw new DeliveryFailure("API destination " + arn + " no longer exists", false);
        }
        Connections.Stored connection = connections.byArn(destination.connectionArn());
        if (connection == null) {
            throw new DeliveryFailure("connection " + destination.connectionArn() + " no longer exists", false);
        }
        CreateConnectionAuthRequestParameters auth = connection.auth();
        Map<String, String> allHeaders = new LinkedHashMap<>(headers);
        Map<String, String> allQuery = new LinkedHashMap<>(query);
        byte[] body = payload;
        var http = auth.invocationHttpParameters();
        if (http != null) {
            if (http.headerParameters() != null) {
                http.headerParameters().forEach(p -> allHeaders.put(p.key(), p.value()));
            }
            if (http.queryStringParameters() != null) {
                http.queryStringParameters().forEach(p -> allQuery.put(p.key(), p.value()));
            }
            if (http.bodyParameters() != null && !http.bodyParameters().isEmpty()) {
                body = withBodyParameters(payload, http.bodyParameters());
            }
        }
        if (auth.basicAuthParameters() != null) {
            allHeaders.put("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (auth.basicAuthParameters().username() + ":" + auth.basicAuthParameters().password())
                            .getBytes(StandardCharsets.UTF_8)));
        }
        if (auth.apiKeyAuthParameters() != null) {
            allHeaders.put(auth.apiKeyAuthParameters().apiKeyName(), auth.apiKeyAuthParameters().apiKeyValue());
        }
        pacers.computeIfAbsent(arn, a -> new Pacer()).await(destination.ratePerSecond());
        send(destination, allHeaders, allQuery, body);
    }

    private void send(ApiDestinations.Stored destination, Map<String, String> headers, Map<String, String> query,
            byte[] body) throws DeliveryFailure {
        HttpResponse<Void> response;
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri(destination.endpoint(), query)).timeout(TIMEOUT)
                    .header("Content-Type", "application/json; charset=utf-8")
                    .header("User-Agent", "Amazon/EventBridge/ApiDestinations");
            headers.forEach(request::setHeader);
            boolean hasBody = !destination.httpMethod().equals("GET") && !destination.httpMethod().equals("HEAD");
            request.method(destination.httpMethod(), hasBody ? HttpRequest.BodyPublishers.ofByteArray(body)
                    : HttpRequest.BodyPublishers.noBody());
            response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
        } catch (IllegalArgumentException e) {
            // the JDK's message may quote a header value, and connection header values can be secrets
            throw new DeliveryFailure("the request could not be built: a header name or value is not allowed", false);
        } catch (IOException e) {
            throw new DeliveryFailure("the endpoint could not be reached: " + e.getClass().getSimpleName(), true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryFailure("interrupted", true);
        }
        int status = response.statusCode();
        if (status < 200 || status > 299) {
            throw new DeliveryFailure("the endpoint answered HTTP " + status, status >= 500 || RETRYABLE.contains(status));
        }
    }

    private static URI uri(String endpoint, Map<String, String> query) {
        if (query.isEmpty()) {
            return URI.create(endpoint);
        }
        StringBuilder uri = new StringBuilder(endpoint).append(endpoint.contains("?") ? '&' : '?');
        query.forEach((k, v) -> uri.append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)).append('&'));
        uri.setLength(uri.length() - 1);
        return URI.create(uri.toString());
    }

    /** The connection's body parameters join a JSON object payload; any other payload goes as it is. */
    private static byte[] withBodyParameters(byte[] payload, java.util.List<dev.garrison.api.events.ConnectionBodyParameter> parameters) {
        try {
            JsonNode parsed = JSON.readTree(payload);
            if (parsed instanceof ObjectNode object) {
                parameters.forEach(p -> object.put(p.key(), p.value()));
                return JSON.writeValueAsBytes(object);
            }
        } catch (IOException e) {
            // not JSON: sent unchanged
        }
        return payload;
    }

    /** Spaces one destination's calls so they stay within its invocations per second. */
    private static final class Pacer {
        private long nextFree;

        void await(int perSecond) {
            long wait;
            synchronized (this) {
                long now = System.nanoTime();
                long start = Math.max(now, nextFree);
                nextFree = start + 1_000_000_000L / perSecond;
                wait = start - now;
            }
            if (wait > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait);
            }
        }
    }
}
