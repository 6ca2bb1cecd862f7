package dev.garrison.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.garrison.waf.LoadBalancerSpec;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code load-balancers} section of {@code garrison.yaml}, and the one-line form
 * {@code --protect URL --listen PORT}. Every problem is refused naming its key.
 *
 * <pre>
 * load-balancers:
 *   shop:
 *     listeners:
 *       - port: 8080
 *       - port: 8443
 *         protocol: HTTPS
 *         certificate: cert.pem
 *         key: key.pem
 *     target-groups:
 *       web:
 *         targets: [http://127.0.0.1:3000]
 *         health-check-path: /health
 *         health-check-interval-seconds: 10
 *         healthy-threshold-count: 5
 *         unhealthy-threshold-count: 2
 *         max-connections-per-target: 200
 *     routes:
 *       - host: shop.example.com
 *         path: /api/
 *         target-group: web
 * </pre>
 */
final class LoadBalancerConfig {
    static final String KEY = "load-balancers";
    private static final String NAME = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?";
    /** As many connections as a listener may hold open by default: a cap above it never holds anything back. */
    private static final int MAX_CONNECTIONS_PER_TARGET = 20_000;
    /** How many health checks in a row make a target healthy, and unhealthy, when not given: an ALB's defaults. */
    private static final int HEALTHY_THRESHOLD = 5;
    private static final int UNHEALTHY_THRESHOLD = 2;

    private LoadBalancerConfig() {}

    static List<LoadBalancerSpec> read(Path yaml, JsonNode node, String host) {
        if (!node.isObject()) {
            throw invalid(yaml, KEY, "must be a mapping of load balancer names to their listeners, target groups and routes");
        }
        List<LoadBalancerSpec> balancers = new ArrayList<>();
        node.properties().forEach(e -> balancers.add(balancer(yaml, KEY + "." + e.getKey(), e.getKey(), e.getValue(), host)));
        return balancers;
    }

    /** The load balancer {@code default}: one HTTP listener on {@code port} in front of {@code upstream}. */
    static LoadBalancerSpec protect(String upstream, String port, String host) {
        URI target = target("protect", upstream);
        int listen;
        try {
            listen = Integer.parseInt(port.strip());
        } catch (NumberFormatException e) {
            throw new GarrisonConfig.ConfigException("listen: must be a port number, got '" + port + "'");
        }
        if (listen < 0 || listen > 65535) {
            throw new GarrisonConfig.ConfigException("listen: must be between 0 and 65535, got " + listen);
        }
        return new LoadBalancerSpec("default", List.of(new LoadBalancerSpec.Listener("HTTP", host, listen, null, null)),
                List.of(new LoadBalancerSpec.TargetGroup("default", List.of(target), "/", 10, HEALTHY_THRESHOLD,
                UNHEALTHY_THRESHOLD, 0)), List.of());
    }

    private static LoadBalancerSpec balancer(Path yaml, String key, String name, JsonNode node, String host) {
        if (!name.matches(NAME)) {
            throw invalid(yaml, key, "a name is 1 to 32 letters, digits or hyphens, not starting or ending with a hyphen");
        }
        known(yaml, key, node, Set.of("listeners", "target-groups", "routes"));
        JsonNode listenersNode = node.path("listeners");
        if (!listenersNode.isArray() || listenersNode.isEmpty()) {
            throw invalid(yaml, key + ".listeners", "must be a non-empty list");
        }
        List<LoadBalancerSpec.Listener> listeners = new ArrayList<>();
        for (int i = 0; i < listenersNode.size(); i++) {
            listeners.add(listener(yaml, key + ".listeners[" + i + "]", listenersNode.get(i), host));
        }
        JsonNode groupsNode = node.path("target-groups");
        if (!groupsNode.isObject() || groupsNode.isEmpty()) {
            throw invalid(yaml, key + ".target-groups", "must be a non-empty mapping of target group names");
        }
        List<LoadBalancerSpec.TargetGroup> groups = new ArrayList<>();
        groupsNode.properties().forEach(g -> groups.add(group(yaml, key + ".target-groups." + g.getKey(), g.getKey(), g.getValue())));
        List<LoadBalancerSpec.Route> routes = new ArrayList<>();
        JsonNode routesNode = node.path("routes");
        if (!routesNode.isMissingNode()) {
            if (!routesNode.isArray()) {
                throw invalid(yaml, key + ".routes", "must be a list");
            }
            for (int i = 0; i < routesNode.size(); i++) {
                String routeKey = key + ".routes[" + i + "]";
                JsonNode route = routesNode.get(i);
                known(yaml, routeKey, route, Set.of("host", "path", "target-group"));
                String group = route.path("target-group").asText(null);
                if (group == null || groups.stream().noneMatch(g -> g.name().equals(group))) {
                    throw invalid(yaml, routeKey + ".target-group", "must name one of this load balancer's target groups");
                }
                String path = route.path("path").asText("/");
                if (!path.startsWith("/")) {
                    throw invalid(yaml, routeKey + ".path", "must start with /");
                }
                routes.add(new LoadBalancerSpec.Route(route.path("host").asText(null), path, group));
            }
        }
        return new LoadBalancerSpec(name, listeners, groups, routes);
    }

    private static LoadBalancerSpec.Listener listener(Path yaml, String key, JsonNode node, String host) {
        known(yaml, key, node, Set.of("port", "protocol", "host", "certificate", "key"));
        if (!node.path("port").canConvertToInt() || node.get("port").asInt() < 0 || node.get("port").asInt() > 65535) {
            throw invalid(yaml, key + ".port", "must be a port number");
        }
        String protocol = node.path("protocol").asText("HTTP").toUpperCase(Locale.ROOT);
        if (!protocol.equals("HTTP") && !protocol.equals("HTTPS")) {
            throw invalid(yaml, key + ".protocol", "must be HTTP or HTTPS");
        }
        Path certificate = null;
        Path privateKey = null;
        if (protocol.equals("HTTPS")) {
            certificate = existing(yaml, key + ".certificate", node.path("certificate"));
            privateKey = existing(yaml, key + ".key", node.path("key"));
        }
        return new LoadBalancerSpec.Listener(protocol, node.path("host").asText(host), node.get("port").asInt(), certificate,
                privateKey);
    }

    private static LoadBalancerSpec.TargetGroup group(Path yaml, String key, String name, JsonNode node) {
        if (!name.matches(NAME)) {
            throw invalid(yaml, key, "a name is 1 to 32 letters, digits or hyphens, not starting or ending with a hyphen");
        }
        known(yaml, key, node, Set.of("targets", "health-check-path", "health-check-interval-seconds", "healthy-threshold-count",
                "unhealthy-threshold-count", "max-connections-per-target"));
        JsonNode targetsNode = node.path("targets");
        if (!targetsNode.isArray() || targetsNode.isEmpty()) {
            throw invalid(yaml, key + ".targets", "must be a non-empty list of http:// or https:// URLs");
        }
        List<URI> targets = new ArrayList<>();
        for (int i = 0; i < targetsNode.size(); i++) {
            targets.add(target(yaml + ": " + key + ".targets[" + i + "]", targetsNode.get(i).asText()));
        }
        String path = node.path("health-check-path").asText("/");
        if (!path.startsWith("/")) {
            throw invalid(yaml, key + ".health-check-path", "must start with /");
        }
        int interval = node.path("health-check-interval-seconds").asInt(10);
        if (interval < 5 || interval > 300) {
            throw invalid(yaml, key + ".health-check-interval-seconds", "must be between 5 and 300, as on an ALB");
        }
        int healthy = threshold(yaml, key + ".healthy-threshold-count", node.path("healthy-threshold-count"), HEALTHY_THRESHOLD);
        int unhealthy = threshold(yaml, key + ".unhealthy-threshold-count", node.path("unhealthy-threshold-count"),
                UNHEALTHY_THRESHOLD);
        JsonNode cap = node.path("max-connections-per-target");
        if (!cap.isMissingNode() && (!cap.isIntegralNumber() || !cap.canConvertToInt() || cap.asInt() < 1
                || cap.asInt() > MAX_CONNECTIONS_PER_TARGET)) {
            throw invalid(yaml, key + ".max-connections-per-target",
                    "must be a whole number from 1 to " + MAX_CONNECTIONS_PER_TARGET);
        }
        return new LoadBalancerSpec.TargetGroup(name, targets, path, interval, healthy, unhealthy, cap.asInt(0));
    }

    /** A count of health checks in a row, 2 to 10 as on an ALB, or {@code otherwise} when not given. */
    private static int threshold(Path yaml, String key, JsonNode node, int otherwise) {
        if (node.isMissingNode()) {
            return otherwise;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.asInt() < 2 || node.asInt() > 10) {
            throw invalid(yaml, key, "must be a whole number from 2 to 10, as on an ALB");
        }
        return node.asInt();
    }

    private static URI target(String key, String text) {
        try {
            URI uri = new URI(text);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
                    || (uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/"))) {
                throw new GarrisonConfig.ConfigException(key + ": must be an http:// or https:// URL of a host and port, without a path");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new GarrisonConfig.ConfigException(key + ": must be an http:// or https:// URL, got '" + text + "'");
        }
    }

    private static Path existing(Path yaml, String key, JsonNode node) {
        if (!node.isTextual()) {
            throw invalid(yaml, key, "an HTTPS listener needs a PEM file here");
        }
        Path path = Path.of(node.asText());
        if (!Files.isRegularFile(path)) {
            throw invalid(yaml, key, path + " does not exist");
        }
        return path;
    }

    private static void known(Path yaml, String key, JsonNode node, Set<String> keys) {
        if (!node.isObject()) {
            throw invalid(yaml, key, "must be a mapping");
        }
        node.fieldNames().forEachRemaining(name -> {
            if (!keys.contains(name)) {
                throw invalid(yaml, key + "." + name, "unknown key (known: " + String.join(", ", keys.stream().sorted().toList()) + ")");
            }
        });
    }

    private static GarrisonConfig.ConfigException invalid(Path yaml, String key, String why) {
        return new GarrisonConfig.ConfigException(yaml + ": " + key + ": " + why);
    }
}
