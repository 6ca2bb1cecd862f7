package dev.garrison.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import dev.garrison.kms.HsmCluster;
import dev.garrison.platform.server.ApiServer;
import dev.garrison.waf.LoadBalancerSpec;
import dev.garrison.waf.ProxySettings;
import org.jspecify.annotations.Nullable;

/**
 * The validated, immutable configuration: embedded defaults, overridden by {@code garrison.yaml}
 * (or {@code --config FILE}), then by {@code GARRISON_*} environment variables, then by flags.
 * Keys are kebab-case; an invalid value is refused with its key named.
 *
 * @param host the API's listen address
 * @param port the API's port
 * @param dataDir where state lives
 * @param accountId the account created on first start, or null for a random one
 * @param db a PostgreSQL URL, or null for the embedded SQLite database
 * @param maxBodyBytes the largest API request body accepted
 * @param bodyTimeoutSeconds how long a client may take to send a request body before it is answered 408
 * @param eventCommands local commands EventBridge rules may target, by name: each a program and its
 *     arguments ({@code event-commands} in {@code garrison.yaml} only, a mapping of name to list)
 * @param eventCommandTimeoutSeconds how long one run of such a command may take
 * @param hsmClusters PKCS#11 tokens KMS custom key stores may use, by the id a store names
 *     ({@code hsm-clusters} in {@code garrison.yaml} only: id to {@code library} and {@code slot})
 * @param rootKeyToken the PKCS#11 token holding the barrier's root key, or null for a keyfile or
 *     passphrase ({@code root-key-library} and {@code root-key-slot}; the PIN comes from
 *     {@code GARRISON_ROOT_PIN})
 * @param region the region the declared load balancers live in
 * @param loadBalancers the WAF's load balancers ({@code load-balancers} in {@code garrison.yaml}, see
 *     {@link LoadBalancerConfig}), plus {@code default} when {@code protect} and {@code listen} are given
 * @param proxy how the load balancers inspect and forward ({@code waf-body-inspection-bytes},
 *     {@code waf-fail-open}, {@code waf-header-timeout-seconds}, {@code waf-connect-timeout-seconds},
 *     {@code waf-idle-timeout-seconds}, {@code waf-max-connections}, {@code waf-max-connections-per-client},
 *     {@code waf-max-pending-head-bytes})
 * @param geoDatabase a MaxMind-format country or city database for GeoMatch statements and the
 *     country in WAF logs ({@code waf-geo-database}), or null
 * @param asnDatabase a MaxMind-format ASN database for AsnMatch statements ({@code waf-asn-database}), or null
 * @param tls the PEM certificate and key the API serves HTTPS with ({@code tls-certificate} and
 *     {@code tls-key}), or null for plain HTTP
 */
public record GarrisonConfig(String host, int port, Path dataDir, @Nullable String accountId, @Nullable String db,
        long maxBodyBytes, int bodyTimeoutSeconds, Map<String, List<String>> eventCommands,
        int eventCommandTimeoutSeconds, Map<String, HsmCluster> hsmClusters, @Nullable HsmCluster rootKeyToken,
        String region, List<LoadBalancerSpec> loadBalancers, ProxySettings proxy, @Nullable Path geoDatabase,
        @Nullable Path asnDatabase, ApiServer.@Nullable Tls tls) {

    static final Set<String> KEYS = Set.of("host", "port", "data-dir", "account-id", "db", "max-body-bytes",
            "body-timeout-seconds", "event-command-timeout-seconds", "root-key-library", "root-key-slot", "region",
            "protect", "listen", "waf-body-inspection-bytes", "waf-fail-open", "waf-header-timeout-seconds",
            "waf-connect-timeout-seconds", "waf-idle-timeout-seconds", "waf-geo-database", "waf-asn-database", "waf-max-connections",
            "waf-max-connections-per-client", "waf-max-pending-head-bytes", "tls-certificate", "tls-key");
    private static final String EVENT_COMMANDS = "event-commands";
    private static final String HSM_CLUSTERS = "hsm-clusters";
    private static final java.util.regex.Pattern COMMAND_NAME = java.util.regex.Pattern.compile("[.\\-_A-Za-z0-9]{1,64}");

    public GarrisonConfig {
        eventCommands = Map.copyOf(eventCommands);
        hsmClusters = Map.copyOf(hsmClusters);
        loadBalancers = List.copyOf(loadBalancers);
    }

    /** Merges the sources in precedence order and validates the result. */
    static GarrisonConfig load(@Nullable Path file, Map<String, String> env, Map<String, String> flags) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("host", "127.0.0.1");
        values.put("port", "4566");
        values.put("data-dir", "garrison-data");
        values.put("max-body-bytes", Long.toString(1024 * 1024));
        values.put("body-timeout-seconds", "30");
        values.put("event-command-timeout-seconds", "30");
        values.put("region", "us-east-1");
        values.put("waf-body-inspection-bytes", Integer.toString(ProxySettings.DEFAULTS.bodyInspectionBytes()));
        values.put("waf-fail-open", "false");
        values.put("waf-header-timeout-seconds", Integer.toString(ProxySettings.DEFAULTS.headerTimeoutSeconds()));
        values.put("waf-connect-timeout-seconds", Integer.toString(ProxySettings.DEFAULTS.connectTimeoutMillis() / 1000));
        values.put("waf-idle-timeout-seconds", Integer.toString(ProxySettings.DEFAULTS.upstreamTimeoutMillis() / 1000));
        values.put("waf-max-connections", Integer.toString(ProxySettings.DEFAULTS.maxConnections()));
        values.put("waf-max-connections-per-client", Integer.toString(ProxySettings.DEFAULTS.maxConnectionsPerClient()));
        values.put("waf-max-pending-head-bytes", Integer.toString(ProxySettings.DEFAULTS.maxPendingHeadBytes()));
        Map<String, List<String>> commands = new LinkedHashMap<>();
        Map<String, HsmCluster> clusters = new LinkedHashMap<>();
        Map<String, JsonNode> sections = new LinkedHashMap<>();
        Path yaml = file != null ? file : Path.of("garrison.yaml");
        if (file != null && !Files.isRegularFile(file)) {
            throw new ConfigException("config: file " + file + " does not exist");
        }
        if (Files.isRegularFile(yaml)) {
            values.putAll(readYaml(yaml, commands, clusters, sections));
        }
        env.forEach((name, value) -> {
            if (name.startsWith("GARRISON_")) {
                String key = name.substring("GARRISON_".length()).toLowerCase(Locale.ROOT).replace('_', '-');
                if (KEYS.contains(key)) {
                    values.put(key, value);
                }
            }
        });
        values.putAll(flags);
        GarrisonConfig config = validate(values, commands, clusters);
        List<LoadBalancerSpec> balancers = new java.util.ArrayList<>();
        if (sections.containsKey(LoadBalancerConfig.KEY)) {
            balancers.addAll(LoadBalancerConfig.read(yaml, sections.get(LoadBalancerConfig.KEY), config.host()));
        }
        if (values.containsKey("protect") != values.containsKey("listen")) {
            throw new ConfigException("protect and listen: give both (the upstream URL and the port to listen on) or neither");
        }
        if (values.containsKey("protect")) {
            if (balancers.stream().anyMatch(b -> b.name().equals("default"))) {
                throw new ConfigException("protect: the load balancer 'default' is already declared in " + yaml);
            }
            balancers.add(LoadBalancerConfig.protect(values.get("protect"), values.get("listen"), config.host()));
        }
        return config.withLoadBalancers(balancers);
    }

    private GarrisonConfig withLoadBalancers(List<LoadBalancerSpec> balancers) {
        return new GarrisonConfig(host, port, dataDir, accountId, db, maxBodyBytes, bodyTimeoutSeconds, eventCommands,
                eventCommandTimeoutSeconds, hsmClusters, rootKeyToken, region, balancers, proxy, geoDatabase, asnDatabase, tls);
    }

    private static Map<String, String> readYaml(Path yaml, Map<String, List<String>> commands,
            Map<String, HsmCluster> clusters, Map<String, JsonNode> sections) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(yaml.toFile());
        } catch (IOException e) {
            throw new ConfigException(yaml + ": not valid YAML: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException p ? p.getOriginalMessage() : e.getMessage()));
        }
        Map<String, String> values = new LinkedHashMap<>();
        if (root == null) {
            return values;
        }
        if (!root.isObject()) {
            throw new ConfigException(yaml + ": the top level must be a mapping of keys");
        }
        root.properties().forEach(e -> {
            if (e.getKey().equals(EVENT_COMMANDS)) {
                commands.putAll(readCommands(yaml, e.getValue()));
                return;
            }
            if (e.getKey().equals(HSM_CLUSTERS)) {
                clusters.putAll(readClusters(yaml, e.getValue()));
                return;
            }
            if (e.getKey().equals(LoadBalancerConfig.KEY)) {
                sections.put(e.getKey(), e.getValue());
                return;
            }
            if (!KEYS.contains(e.getKey())) {
                throw new ConfigException(yaml + ": unknown key '" + e.getKey() + "' (known: " + String.join(", ",
                        java.util.stream.Stream.concat(KEYS.stream(), java.util.stream.Stream.of(EVENT_COMMANDS, HSM_CLUSTERS,
                                LoadBalancerConfig.KEY))
                                .sorted().toList()) + ")");
            }
            if (!e.getValue().isValueNode()) {
                throw new ConfigException(yaml + ": key '" + e.getKey() + "' must be a single value");
            }
            values.put(e.getKey(), e.getValue().asText());
        });
        return values;
    }

    /** {@code event-commands}: a mapping of command name to a non-empty list of strings (program, arguments). */
    private static Map<String, List<String>> readCommands(Path yaml, JsonNode node) {
        if (!node.isObject()) {
            throw new ConfigException(yaml + ": " + EVENT_COMMANDS + " must be a mapping of command names to argument lists");
        }
        Map<String, List<String>> commands = new LinkedHashMap<>();
        node.properties().forEach(e -> {
            String key = EVENT_COMMANDS + "." + e.getKey();
            if (!COMMAND_NAME.matcher(e.getKey()).matches()) {
                throw new ConfigException(yaml + ": " + key + ": a name is 1 to 64 letters, digits, '.', '-' or '_'");
            }
            JsonNode argv = e.getValue();
            if (!argv.isArray() || argv.isEmpty()) {
                throw new ConfigException(yaml + ": " + key + " must be a non-empty list: the program, then its arguments");
            }
            List<String> args = new java.util.ArrayList<>();
            argv.forEach(arg -> {
                if (!arg.isValueNode()) {
                    throw new ConfigException(yaml + ": " + key + ": each argument must be a single value");
                }
                args.add(arg.asText());
            });
            commands.put(e.getKey(), args);
        });
        return commands;
    }

    /** {@code hsm-clusters}: a mapping of cluster id to {@code library} (an existing file) and {@code slot} (a number). */
    private static Map<String, HsmCluster> readClusters(Path yaml, JsonNode node) {
        if (!node.isObject()) {
            throw new ConfigException(yaml + ": " + HSM_CLUSTERS + " must be a mapping of cluster ids to library and slot");
        }
        Map<String, HsmCluster> clusters = new LinkedHashMap<>();
        node.properties().forEach(e -> {
            String key = HSM_CLUSTERS + "." + e.getKey();
            JsonNode cluster = e.getValue();
            if (!e.getKey().matches("cluster-[2-7a-zA-Z]{11,16}")) {
                throw new ConfigException(yaml + ": " + key + ": an id is 'cluster-' and 11 to 16 letters or digits 2-7,"
                        + " as CloudHSM cluster ids are");
            }
            if (!cluster.isObject() || !cluster.path("library").isTextual() || !cluster.path("slot").canConvertToLong()) {
                throw new ConfigException(yaml + ": " + key + " must have a library (path) and a slot (number)");
            }
            Path library = Path.of(cluster.get("library").asText());
            if (!Files.isRegularFile(library)) {
                throw new ConfigException(yaml + ": " + key + ".library: " + library + " does not exist");
            }
            clusters.put(e.getKey(), new HsmCluster(library, cluster.get("slot").asLong()));
        });
        return clusters;
    }

    private static GarrisonConfig validate(Map<String, String> values, Map<String, List<String>> commands,
            Map<String, HsmCluster> clusters) {
        int port = integer(values, "port", 0, 65535);
        long maxBody = integer(values, "max-body-bytes", 1024, 64 * 1024 * 1024);
        int bodyTimeout = integer(values, "body-timeout-seconds", 1, 3600);
        int commandTimeout = integer(values, "event-command-timeout-seconds", 1, 3600);
        String account = values.get("account-id");
        if (account != null && !account.matches("\\d{12}")) {
            throw new ConfigException("account-id: must be 12 digits, got '" + account + "'");
        }
        String db = values.get("db");
        if (db != null && !db.startsWith("postgresql://") && !db.startsWith("postgres://")) {
            throw new ConfigException("db: must be a postgresql://user:password@host:port/database URL");
        }
        String host = values.get("host");
        if (host.isBlank()) {
            throw new ConfigException("host: must not be empty");
        }
        HsmCluster rootKeyToken = null;
        if (values.containsKey("root-key-library") || values.containsKey("root-key-slot")) {
            if (!values.containsKey("root-key-library") || !values.containsKey("root-key-slot")) {
                throw new ConfigException("root-key-library and root-key-slot: give both or neither");
            }
            Path library = Path.of(values.get("root-key-library"));
            if (!Files.isRegularFile(library)) {
                throw new ConfigException("root-key-library: " + library + " does not exist");
            }
            try {
                rootKeyToken = new HsmCluster(library, Long.parseLong(values.get("root-key-slot").strip()));
            } catch (NumberFormatException e) {
                throw new ConfigException("root-key-slot: must be a number, got '" + values.get("root-key-slot") + "'");
            }
        }
        String region = values.get("region");
        if (!region.matches("[a-z]{2}(-[a-z]+)+-\\d")) {
            throw new ConfigException("region: must be a region name such as us-east-1, got '" + region + "'");
        }
        int inspection = integer(values, "waf-body-inspection-bytes", 8 * 1024, 64 * 1024);
        String failOpen = values.get("waf-fail-open");
        if (!failOpen.equals("true") && !failOpen.equals("false")) {
            throw new ConfigException("waf-fail-open: must be true or false, got '" + failOpen + "'");
        }
        ProxySettings proxy = new ProxySettings(inspection, Boolean.parseBoolean(failOpen),
                integer(values, "waf-connect-timeout-seconds", 1, 60) * 1000,
                integer(values, "waf-idle-timeout-seconds", 1, 4000) * 1000,
                integer(values, "waf-header-timeout-seconds", 1, 3600), integer(values, "waf-max-connections", 1, 1_000_000),
                integer(values, "waf-max-connections-per-client", 1, 1_000_000),
                integer(values, "waf-max-pending-head-bytes", 64 * 1024, Integer.MAX_VALUE));
        return new GarrisonConfig(host, port, Path.of(values.get("data-dir")), account, db, maxBody, bodyTimeout, commands,
                commandTimeout, clusters, rootKeyToken, region, List.of(), proxy, file(values, "waf-geo-database"),
                file(values, "waf-asn-database"), tls(values));
    }

    private static ApiServer.@Nullable Tls tls(Map<String, String> values) {
        Path certificate = file(values, "tls-certificate");
        Path key = file(values, "tls-key");
        if ((certificate == null) != (key == null)) {
            throw new ConfigException("tls-certificate and tls-key: give both or neither");
        }
        return certificate == null ? null : new ApiServer.Tls(certificate, key);
    }

    /** The file a key names, which must exist; null when the key is not given. */
    private static @Nullable Path file(Map<String, String> values, String key) {
        if (!values.containsKey(key)) {
            return null;
        }
        Path path = Path.of(values.get(key));
        if (!Files.isRegularFile(path)) {
            throw new ConfigException(key + ": " + path + " does not exist");
        }
        return path;
    }

    private static int integer(Map<String, String> values, String key, int min, int max) {
        try {
            int value = Integer.parseInt(values.get(key).strip());
            if (value < min || value > max) {
                throw new ConfigException(key + ": must be between " + min + " and " + max + ", got " + value);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new ConfigException(key + ": must be a number, got '" + values.get(key) + "'");
        }
    }

    @Override
    public String toString() {
        return "GarrisonConfig[host=" + host + ", port=" + port + ", dataDir=" + dataDir + ", accountId=" + accountId
                + ", db=" + (db == null ? "sqlite" : "postgresql") + ", maxBodyBytes=" + maxBodyBytes + ", bodyTimeoutSeconds=" + bodyTimeoutSeconds + ", eventCommands=" + eventCommands.keySet()
                + ", eventCommandTimeoutSeconds=" + eventCommandTimeoutSeconds + ", hsmClusters=" + hsmClusters.keySet() + ", rootKeyToken=" + rootKeyToken + ", region=" + region
                + ", loadBalancers=" + loadBalancers.stream().map(LoadBalancerSpec::name).toList() + ", proxy=" + proxy
                + ", geoDatabase=" + geoDatabase + ", asnDatabase=" + asnDatabase + ", tls=" + (tls != null) + "]";
    }

    /** A configuration value is invalid; the message names its key. */
    static final class ConfigException extends RuntimeException {
        ConfigException(String message) {
            super(message);
        }
    }
}
