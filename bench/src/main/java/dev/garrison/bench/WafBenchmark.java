package dev.garrison.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code garrison bench waf}: one request mix (a GET with a query string, a POST with a 2 KB form
 * body) driven by wrk at one connection count against (a) the upstream directly, (b) nginx as a
 * plain reverse proxy, (c) nginx with ModSecurity and OWASP CRS at paranoia level 1, (d) a
 * Garrison load balancer without a web ACL and (e) one enforcing a reference web ACL of 13 rules;
 * then (d), (e) and (d) once more at half of (d)'s saturation rate, open loop, for the latency a web
 * ACL adds and how far two runs of one target differ (pooled, and round by round: {@link PairedTurns}),
 * and (e)'s own time to decide meanwhile, from
 * the server's {@code garrison_waf_deciding_seconds}.
 * Both measure their targets in alternating {@link Turns}: Garrison's JVM is still compiling the
 * proxy's paths for tens of seconds after its warm-up, so the target measured first would pay for it.
 */
public final class WafBenchmark {
    static final String QUERY = "/search?q=blue+running+shoes&size=42&color=navy&page=2&sort=price_asc";

    /** Where each target listens. */
    public record Ports(int upstream, int nginxProxy, int nginxModsecurity, int garrisonPlain, int garrisonAcl) {}

    private final BenchTarget api;
    private final Ports ports;
    private final int connections;
    private final Duration warmup;
    private final Duration measure;
    /** The open-loop phase's rate, or 0 for half of (d)'s saturation. */
    private final double openLoopRate;
    private final Path work;
    /** How many rules the reference web ACL has, once {@link #protect} made it. */
    private int ruleCount;

    public WafBenchmark(BenchTarget api, Ports ports, int connections, Duration warmup, Duration measure, double openLoopRate,
            Path work) {
        this.api = api;
        this.ports = ports;
        this.connections = connections;
        this.warmup = warmup;
        this.measure = measure;
        this.openLoopRate = openLoopRate;
        this.work = work;
    }

    /** A benign 2 KB form body, the POST of the mix. */
    static String form() {
        StringBuilder body = new StringBuilder("name=Jane+Doe&email=jane%40example.com&street=12+Harbour+Road&city=Bristol"
                + "&postcode=BS1+4DJ&country=GB&gift=yes&notes=");
        String words = "please+leave+the+parcel+with+the+neighbour+at+number+fourteen+if+nobody+answers+";
        while (body.length() + words.length() <= 2048) {
            body.append(words);
        }
        while (body.length() < 2048) {
            body.append('x');
        }
        return body.toString();
    }

    /**
     * Writes the country database the reference web ACL's geo rule reads: the loopback network in
     * GB and one network in each of 4,096 {@code /20}s spread over the IPv4 space, so a lookup walks
     * a tree of realistic depth.
     */
    public static void writeGeoDatabase(Path file) throws IOException {
        String[] countries = {"GB", "DE", "FR", "US", "JP", "BR", "IN", "NL"};
        MaxMindDbWriter writer = new MaxMindDbWriter("GeoLite2-Country").insert("127.0.0.0/8", country("GB"));
        for (int i = 0; i < 4096; i++) {
            int first = 1 + i % 126;
            int second = (i * 37) % 256;
            int third = (i / 126) * 16 % 256;
            writer.insert(first + "." + second + "." + third + ".0/20", country(countries[i % countries.length]));
        }
        writer.write(file);
    }

    private static Map<String, Object> country(String code) {
        return Map.of("country", Map.of("iso_code", code));
    }

    /** Creates the reference web ACL and associates it with the load balancer {@code resourceArn}. */
    public void protect(String resourceArn) throws IOException, InterruptedException {
        String ipSet = arn(call("CreateIPSet", """
                {"Name":"bench-blocked","Scope":"REGIONAL","IPAddressVersion":"IPV4","Addresses":["203.0.113.0/24","198.51.100.0/24"]}
                """));
        String regexSet = arn(call("CreateRegexPatternSet", """
                {"Name":"bench-scanners","Scope":"REGIONAL","RegularExpressionList":[{"RegexString":"(?i)(sqlmap|nikto|nessus|masscan)"},
                 {"RegexString":"(?i)/(wp-admin|phpmyadmin|\\\\.env)"}]}
                """));
        String decode = "[{\"Priority\":0,\"Type\":\"URL_DECODE\"},{\"Priority\":1,\"Type\":\"HTML_ENTITY_DECODE\"}]";
        List<String> rules = new ArrayList<>();
        rules.add(rule("blocked-ips", "{\"IPSetReferenceStatement\":{\"ARN\":\"" + ipSet + "\"}}"));
        rules.add(rule("embargoed", "{\"GeoMatchStatement\":{\"CountryCodes\":[\"KP\",\"IR\",\"SY\",\"CU\"]}}"));
        rules.add(rule("rate-limit", "{\"RateBasedStatement\":{\"Limit\":100000000,\"AggregateKeyType\":\"IP\",\"EvaluationWindowSec\":60}}"));
        for (String[] field : new String[][] {{"args", "{\"AllQueryArguments\":{}}"}, {"body", "{\"Body\":{\"OversizeHandling\":\"CONTINUE\"}}"},
                {"cookies", "{\"Cookies\":{\"MatchPattern\":{\"All\":{}},\"MatchScope\":\"ALL\",\"OversizeHandling\":\"CONTINUE\"}}"},
                {"uri", "{\"UriPath\":{}}"}}) {
            rules.add(rule("sqli-" + field[0], "{\"SqliMatchStatement\":{\"FieldToMatch\":" + field[1] + ",\"TextTransformations\":"
                    + decode + "}}"));
            rules.add(rule("xss-" + field[0], "{\"XssMatchStatement\":{\"FieldToMatch\":" + field[1] + ",\"TextTransformations\":"
                    + decode + "}}"));
        }
        rules.add(rule("body-size", "{\"SizeConstraintStatement\":{\"FieldToMatch\":{\"Body\":{\"OversizeHandling\":\"MATCH\"}},"
                + "\"ComparisonOperator\":\"GT\",\"Size\":8192,\"TextTransformations\":[{\"Priority\":0,\"Type\":\"NONE\"}]}}"));
        rules.add(rule("scanners", "{\"RegexPatternSetReferenceStatement\":{\"ARN\":\"" + regexSet + "\",\"FieldToMatch\":"
                + "{\"SingleHeader\":{\"Name\":\"user-agent\"}},\"TextTransformations\":[{\"Priority\":0,\"Type\":\"NONE\"}]}}"));
        StringBuilder list = new StringBuilder("[");
        for (int i = 0; i < rules.size(); i++) {
            list.append(i == 0 ? "" : ",").append(rules.get(i).replace("\"PRIORITY\"", Integer.toString(i)));
        }
        list.append(']');
        String acl = arn(call("CreateWebACL", "{\"Name\":\"bench-reference\",\"Scope\":\"REGIONAL\",\"DefaultAction\":{\"Allow\":{}},"
                + "\"VisibilityConfig\":{\"SampledRequestsEnabled\":true,\"CloudWatchMetricsEnabled\":true,\"MetricName\":\"bench\"},"
                + "\"Rules\":" + list + "}"));
        call("AssociateWebACL", "{\"WebACLArn\":\"" + acl + "\",\"ResourceArn\":\"" + resourceArn + "\"}");
        ruleCount = rules.size();
    }

    private static String rule(String name, String statement) {
        return "{\"Name\":\"" + name + "\",\"Priority\":\"PRIORITY\",\"Action\":{\"Block\":{}},\"Statement\":" + statement
                + ",\"VisibilityConfig\":{\"SampledRequestsEnabled\":true,\"CloudWatchMetricsEnabled\":true,\"MetricName\":\""
                + name + "\"}}";
    }

    private String call(String operation, String body) throws IOException, InterruptedException {
        HttpCall call = SignedCalls.json(api, operation, "wafv2", "AWSWAF_20190729." + operation,
                body.strip().getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + api.host() + ":" + api.port() + "/"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(call.body()));
        call.headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("host") && !name.equalsIgnoreCase("content-length")) {
                values.forEach(v -> request.header(name, v));
            }
        });
        HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(operation + " failed: " + response.body());
        }
        return response.body();
    }

    private static String arn(String response) throws IOException {
        Matcher m = Pattern.compile("\"ARN\":\"([^\"]+)\"").matcher(response);
        if (!m.find()) {
            throw new IOException("no ARN in " + response);
        }
        return m.group(1);
    }

    public void run(PrintStream out) throws Exception {
        Path script = work.resolve("mix.lua");
        Files.writeString(script, Wrk.reporting("""
                local get, post
                local n = 0
                init = function(args)
                  get = wrk.format("GET", "%s")
                  post = wrk.format("POST", "/checkout", {["Host"] = wrk.host .. ":" .. wrk.port,
                    ["Content-Type"] = "application/x-www-form-urlencoded"}, "%s")
                end
                request = function()
                  n = n + 1
                  if n %% 2 == 0 then return post end
                  return get
                end
                """.formatted(QUERY, form())));
        // wrk takes whole seconds
        Duration turn = Duration.ofSeconds(Math.max(1, measure.toSeconds() / Turns.COUNT));
        out.printf("WAF benchmark: wrk, %d connections, %d s per target in %d alternating turns after %d s of warm-up each;"
                + " request mix GET %s and POST /checkout with a %d-byte form body%n", connections, turn.toSeconds() * Turns.COUNT,
                Turns.COUNT, warmup.toSeconds(), QUERY, form().length());
        Map<String, Integer> targets = new java.util.LinkedHashMap<>();
        targets.put("(a) upstream directly", ports.upstream());
        targets.put("(b) nginx reverse proxy", ports.nginxProxy());
        targets.put("(c) nginx + ModSecurity + CRS PL1", ports.nginxModsecurity());
        targets.put("(d) Garrison, no web ACL", ports.garrisonPlain());
        targets.put("(e) Garrison, " + ruleCount + "-rule web ACL", ports.garrisonAcl());
        // a wrk run counts from its first request, so a turn has no settling time of its own (it is zero here)
        List<Turns.Phase<Wrk.Result>> phases = targets.entrySet().stream().<Turns.Phase<Wrk.Result>>map(target -> (settle, run) ->
                Wrk.run(target.getKey(), "http://127.0.0.1:" + target.getValue(), script, connections, run)).toList();
        List<Wrk.Result> results = Turns.run(phases, warmup, Duration.ZERO, turn, Wrk.Result::merge);
        out.printf("%-36s %10s %9s %9s %8s %7s%n", "target", "req/s", "p50 ms", "p99 ms", "non-2xx", "errors");
        for (Wrk.Result result : results) {
            out.printf("%-36s %10.0f %9.2f %9.2f %8d %7d%n", result.label(), result.requestsPerSecond(), result.p50Millis(),
                    result.p99Millis(), result.non2xx(), result.socketErrors());
        }
        Wrk.Result nginxProxy = results.get(1);
        Wrk.Result modsecurity = results.get(2);
        Wrk.Result plain = results.get(3);
        Wrk.Result acl = results.get(4);
        out.printf("(e) / (c) throughput: %.1fx (target: at least 10x)%n", acl.requestsPerSecond() / modsecurity.requestsPerSecond());
        out.printf("(d) / (b) throughput: %.0f%% (target: at least 80%%)%n", 100 * plain.requestsPerSecond() / nginxProxy.requestsPerSecond());
        boolean half = openLoopRate <= 0;
        double rate = half ? plain.requestsPerSecond() / 2 : openLoopRate;
        List<HttpCall> mix = List.of(new HttpCall("get", "GET", QUERY, Map.of(), new byte[0]), new HttpCall("post", "POST", "/checkout",
                Map.of("Content-Type", List.of("application/x-www-form-urlencoded")), form().getBytes(StandardCharsets.US_ASCII)));
        // (d) runs a second time, as a side of its own in the same turns: how far two runs of one
        // target differ at p99 is how far the comparison of (d) and (e) can be read on this machine
        InetSocketAddress plainAddress = new InetSocketAddress("127.0.0.1", ports.garrisonPlain());
        HistogramScrape decidedBefore = deciding();
        List<List<LoadResult>> paced = OpenLoopProcess.runInTurns(List.of(plainAddress,
                new InetSocketAddress("127.0.0.1", ports.garrisonAcl()), plainAddress), mix, connections, rate, warmup, measure, work);
        LoadResult bare = LoadResult.merge(paced.get(0));
        LoadResult guarded = LoadResult.merge(paced.get(1));
        LoadResult again = LoadResult.merge(paced.get(2));
        out.printf("at %s, %.0f req/s open loop, in turns: (d) p50 %.2f ms p99 %.2f ms (%s); (e) p50"
                + " %.2f ms p99 %.2f ms (%s); the web ACL adds %.2f ms at p99 (%s)%n", half ? "half of (d)'s saturation" : "the rate asked",
                rate, bare.p50Millis(), bare.p99Millis(), bare.statusSummary(), guarded.p50Millis(), guarded.p99Millis(),
                guarded.statusSummary(), guarded.p99Millis() - bare.p99Millis(),
                half ? "target: at most 1 ms" : "the target is set at half of (d)'s saturation");
        if (bare.p50Millis() > plain.p50Millis()) {
            // below its saturation, (d) queues far less in an open loop than wrk's closed loop of many connections made it
            out.printf("(d)'s median was longer at %.0f req/s open loop than at saturation (%.2f ms against %.2f ms): the"
                    + " machine could not carry this rate in this phase, so these p99s are queues, not the web ACL's cost;"
                    + " run again%n", rate, bare.p50Millis(), plain.p50Millis());
        }
        out.printf("(d) again in the same turns: p50 %.2f ms p99 %.2f ms (%s), %+.2f ms at p99 from its first run: the noise of"
                + " this comparison on this machine%n", again.p50Millis(), again.p99Millis(), again.statusSummary(),
                again.p99Millis() - bare.p99Millis());
        PairedTurns added = PairedTurns.of(paced.get(1), paced.get(0));
        PairedTurns noise = PairedTurns.of(paced.get(2), paced.get(0));
        out.printf("round by round, each turn's p99 less (d)'s of the same round: (e) median %+.2f ms (%s); (d) again median"
                + " %+.2f ms (%s)%n", added.medianMillis(), added.rounds(), noise.medianMillis(), noise.rounds());
        HistogramScrape decidedAfter = deciding();
        out.printf("(e)'s web ACL deciding, in the open-loop runs (garrison_waf_deciding_seconds, to within a bucket): p50 <= %.3f ms,"
                + " p99 <= %.3f ms over %d requests%n", 1000 * decidedAfter.percentileSince(decidedBefore, 50),
                1000 * decidedAfter.percentileSince(decidedBefore, 99), decidedAfter.countSince(decidedBefore));
    }

    /** The reference web ACL's deciding-time histogram as the server's {@code /metrics} shows it now. */
    private HistogramScrape deciding() throws IOException, InterruptedException {
        HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://" + api.host() + ":" + api.port() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        return HistogramScrape.read(metrics.body(), "garrison_waf_deciding_seconds", "region=\"" + api.region() + "\",web_acl=\"bench\"");
    }
}
