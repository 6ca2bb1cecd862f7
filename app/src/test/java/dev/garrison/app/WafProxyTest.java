package dev.garrison.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.ApiDestinationHttpMethod;
import software.amazon.awssdk.services.eventbridge.model.ConnectionAuthorizationType;
import software.amazon.awssdk.services.wafv2.Wafv2Client;
import software.amazon.awssdk.services.wafv2.model.AllowAction;
import software.amazon.awssdk.services.wafv2.model.BlockAction;
import software.amazon.awssdk.services.wafv2.model.CountAction;
import software.amazon.awssdk.services.wafv2.model.CustomResponseBody;
import software.amazon.awssdk.services.wafv2.model.DefaultAction;
import software.amazon.awssdk.services.wafv2.model.FieldToMatch;
import software.amazon.awssdk.services.wafv2.model.MapMatchScope;
import software.amazon.awssdk.services.wafv2.model.PositionalConstraint;
import software.amazon.awssdk.services.wafv2.model.ResponseContentType;
import software.amazon.awssdk.services.wafv2.model.Rule;
import software.amazon.awssdk.services.wafv2.model.RuleAction;
import software.amazon.awssdk.services.wafv2.model.Scope;
import software.amazon.awssdk.services.wafv2.model.Statement;
import software.amazon.awssdk.services.wafv2.model.TextTransformation;
import software.amazon.awssdk.services.wafv2.model.TextTransformationType;
import software.amazon.awssdk.services.wafv2.model.WafInvalidParameterException;

/** Live traffic through a load balancer to a real upstream, with and without a web ACL enforcing. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WafProxyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static Upstream upstream;
    static TestServer garrison;
    static Wafv2Client waf;
    static ElasticLoadBalancingV2Client elb;
    static HttpClient http;
    static String proxy;
    static String loadBalancer;

    @BeforeAll
    static void boot() throws Exception {
        upstream = new Upstream();
        garrison = TestServer.start(Map.of(), """
                load-balancers:
                  shop:
                    listeners:
                      - port: 0
                    target-groups:
                      web:
                        targets: [%s]
                        health-check-path: /health
                        health-check-interval-seconds: 5
                        healthy-threshold-count: 2
                """.formatted(upstream.url()), Clock.systemUTC());
        waf = WafApiTest.client(garrison, Region.US_EAST_1);
        elb = ElasticLoadBalancingV2Client.builder().endpointOverride(garrison.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(garrison.credentials()).httpClient(UrlConnectionHttpClient.create()).build();
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        proxy = "http://127.0.0.1:" + garrison.server.loadBalancerPorts().getFirst();
        loadBalancer = elb.describeLoadBalancers(r -> r.names("shop")).loadBalancers().getFirst().loadBalancerArn();
    }

    @AfterAll
    static void stop() {
        waf.close();
        elb.close();
        garrison.close();
        upstream.close();
    }

    @BeforeEach
    void forget() {
        upstream.received.clear();
    }

    static HttpResponse<byte[]> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Sends {@code request}'s chars as bytes (ISO-8859-1) on a connection of its own; gives all that comes back. */
    static String raw(String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", Integer.parseInt(proxy.substring(proxy.lastIndexOf(':') + 1)))) {
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    static List<Upstream.Received> reached() {
        return upstream.received.stream().filter(r -> !r.uri().equals("/health")).toList();
    }

    @Test
    @Order(1)
    void theLoadBalancerIsDescribedAsElasticLoadBalancingDescribesOne() {
        assertThat(loadBalancer).matches("arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/shop/[0-9a-f]{16}");
        var groups = elb.describeTargetGroups(r -> r.loadBalancerArn(loadBalancer)).targetGroups();
        assertThat(groups).singleElement().satisfies(g -> assertThat(g.targetGroupName()).isEqualTo("web"));
        assertThat(elb.describeListeners(r -> r.loadBalancerArn(loadBalancer)).listeners()).singleElement()
                .satisfies(l -> assertThat(l.protocolAsString()).isEqualTo("HTTP"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(elb.describeTargetHealth(
                r -> r.targetGroupArn(groups.getFirst().targetGroupArn())).targetHealthDescriptions())
                .singleElement().satisfies(h -> assertThat(h.targetHealth().stateAsString()).isEqualTo("healthy")));
    }

    @Test
    @Order(2)
    void withoutAWebAclRequestsPassByteForByteWithForwardingHeaders() throws Exception {
        byte[] large = new byte[300_000];
        new Random(7).nextBytes(large);
        var response = send(HttpRequest.newBuilder(URI.create(proxy + "/upload?x=1"))
                .header("X-Forwarded-For", "203.0.113.9").POST(HttpRequest.BodyPublishers.ofByteArray(large)));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(large);
        assertThat(response.headers().firstValue("x-upstream")).hasValue("yes");
        Upstream.Received seen = reached().getFirst();
        assertThat(seen.body()).isEqualTo(large);
        assertThat(seen.uri()).isEqualTo("/upload?x=1");
        assertThat(seen.header("x-forwarded-for")).isEqualTo("203.0.113.9, 127.0.0.1");
        assertThat(seen.header("x-forwarded-proto")).isEqualTo("http");
        assertThat(seen.header("x-forwarded-port")).isEqualTo(proxy.substring(proxy.lastIndexOf(':') + 1));
        assertThat(seen.header("x-amzn-trace-id")).matches("Root=1-[0-9a-f]{8}-[0-9a-f]{24}");

        String thirty = java.util.stream.IntStream.rangeClosed(1, 30).mapToObj(i -> "198.51.100." + i)
                .collect(java.util.stream.Collectors.joining(", "));
        assertThat(send(HttpRequest.newBuilder(URI.create(proxy + "/thirty")).header("X-Forwarded-For", thirty)
                .header("X-Amzn-Trace-Id", "Self=1-00000000-000000000000000000000000;Root=1-5f84c7a9-0123456789abcdef01234567;Hop=3"))
                .statusCode()).isEqualTo(200);
        assertThat(reached().getLast().header("x-amzn-trace-id")).as("the Self field updated, the others kept")
                .matches("Self=1-[0-9a-f]{8}-[0-9a-f]{24};Root=1-5f84c7a9-0123456789abcdef01234567;Hop=3")
                .doesNotContain("Self=1-00000000-000000000000000000000000");
        assertThat(reached().getLast().header("x-forwarded-for")).isEqualTo(thirty + ", 127.0.0.1");
        var bigHead = send(HttpRequest.newBuilder(URI.create(proxy + "/big-head?30000")));
        assertThat(bigHead.statusCode()).as("an answer head of 30 KB, under an ALB's 32").isEqualTo(204);
        assertThat(bigHead.headers().firstValue("x-big")).hasValueSatisfying(v -> assertThat(v).hasSize(30000));
        var tooBigHead = send(HttpRequest.newBuilder(URI.create(proxy + "/big-head?34000")));
        assertThat(tooBigHead.statusCode()).as("over 32 KB: the answer cannot be read").isEqualTo(502);
        assertThat(new String(tooBigHead.body(), StandardCharsets.UTF_8)).contains("the target's answer was malformed");
        var trace = send(HttpRequest.newBuilder(URI.create(proxy + "/echo-me"))
                .method("TRACE", HttpRequest.BodyPublishers.noBody()));
        assertThat(trace.statusCode()).as("as an ALB answers TRACE").isEqualTo(405);
        assertThat(reached()).noneMatch(r -> r.uri().equals("/echo-me"));
        var tooMany = send(HttpRequest.newBuilder(URI.create(proxy + "/thirty-one")).header("X-Forwarded-For", thirty)
                .header("X-Forwarded-For", "203.0.113.1"));
        assertThat(tooMany.statusCode()).as("more than 30 addresses, as an ALB answers them").isEqualTo(463);
        assertThat(reached()).noneMatch(r -> r.uri().equals("/thirty-one"));
        try (RawClient raw = new RawClient(Integer.parseInt(proxy.substring(proxy.lastIndexOf(':') + 1)))) {
            raw.send(RawClient.head("GET /two-lines HTTP/1.1", List.of("Host: shop", "X-Forwarded-For: 203.0.113.9",
                    "X-Forwarded-For: 198.51.100.4, 198.51.100.5")));
            assertThat(raw.read().status()).isEqualTo(200);
        }
        assertThat(reached().getLast().header("x-forwarded-for")).as("several lines are one list")
                .isEqualTo("203.0.113.9, 198.51.100.4, 198.51.100.5, 127.0.0.1");

        var chunked = send(HttpRequest.newBuilder(URI.create(proxy + "/stream"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(large))));
        assertThat(chunked.body()).isEqualTo(large);
    }

    @Test
    @Order(2)
    void headersThatDescribeTheClientsConnectionStayOnItsSide() throws Exception {
        assertThat(raw("GET /hop-by-hop HTTP/1.1\r\nHost: shop\r\nConnection: X-Secret-Hop, keep-alive\r\n"
                + "x-SECRET-hop: 1\r\nKeep-Alive: timeout=5\r\nTE: trailers\r\nProxy-Connection: keep-alive\r\n"
                + "X-Forwarded-Proto: https\r\nx-forwarded-PORT: 1\r\nX-Kept: yes\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 200");
        int port = Integer.parseInt(proxy.substring(proxy.lastIndexOf(':') + 1));
        Upstream.Received seen = reached().stream().filter(r -> r.uri().equals("/hop-by-hop")).findFirst().orElseThrow();
        for (String hop : List.of("x-secret-hop", "keep-alive", "te", "proxy-connection")) {
            assertThat(seen.header(hop)).as(hop).isNull();
        }
        assertThat(seen.header("x-kept")).isEqualTo("yes");
        assertThat(seen.header("x-forwarded-proto")).as("the proxy's own, not the client's").isEqualTo("http");
        assertThat(seen.header("x-forwarded-port")).isEqualTo(Integer.toString(port));
    }

    @Test
    @Order(2)
    void pipelinedRequestsAreAnsweredInTheirOrder() throws Exception {
        String answers = raw("POST /pipelined-1 HTTP/1.1\r\nHost: shop\r\nContent-Length: 5\r\n\r\nfirst"
                + "GET /pipelined-2 HTTP/1.1\r\nHost: shop\r\n\r\n"
                + "POST /pipelined-3 HTTP/1.1\r\nHost: shop\r\nContent-Length: 5\r\nConnection: close\r\n\r\nthird");
        assertThat(answers.split("HTTP/1.1 200", -1)).hasSize(4);
        assertThat(answers.indexOf("first")).isPositive().isLessThan(answers.indexOf("third"));
        assertThat(reached().stream().map(Upstream.Received::uri).filter(u -> u.startsWith("/pipelined")))
                .containsExactly("/pipelined-1", "/pipelined-2", "/pipelined-3");
    }

    @Test
    @Order(2)
    void headHttp10AndExpectContinueAreAnsweredAsTheirClientsExpect() throws Exception {
        // a HEAD's answer has no body, so the request after it on the connection is read right
        String head = raw("HEAD /head-first HTTP/1.1\r\nHost: shop\r\n\r\n"
                + "POST /after-head HTTP/1.1\r\nHost: shop\r\nContent-Length: 4\r\nConnection: close\r\n\r\nbody");
        assertThat(head.split("HTTP/1.1 200", -1)).hasSize(3);
        assertThat(head).endsWith("\r\n\r\nbody");
        // an HTTP/1.0 client gets an HTTP/1.0 answer, and its connection closes after it
        String old = raw("POST /http10 HTTP/1.0\r\nHost: shop\r\nContent-Length: 3\r\n\r\nold");
        assertThat(old).startsWith("HTTP/1.0 200").endsWith("\r\n\r\nold");
        // the proxy answers 100 Continue itself; the target gets no Expect
        try (Socket socket = new Socket("127.0.0.1", Integer.parseInt(proxy.substring(proxy.lastIndexOf(':') + 1)))) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST /expect HTTP/1.1\r\nHost: shop\r\nContent-Length: 5\r\nExpect: 100-continue\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] interim = socket.getInputStream().readNBytes(25);
            assertThat(new String(interim, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
            socket.getOutputStream().write("later".getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII))
                    .startsWith("HTTP/1.1 200").endsWith("later");
        }
        Upstream.Received expect = reached().stream().filter(r -> r.uri().equals("/expect")).findFirst().orElseThrow();
        assertThat(expect.header("expect")).isNull();
        assertThat(expect.body()).isEqualTo("later".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    @Order(2)
    void aRequestTargetBeyondAsciiReachesTheTargetAsSentOrIsRefused() throws Exception {
        // the request line's bytes, written one char per byte; the upstream reads them so too
        String target = new String("/caf\u00e9?q=\u00fcber".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        assertThat(raw("GET " + target + " HTTP/1.1\r\nHost: shop\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 200");
        assertThat(reached()).anySatisfy(r -> assertThat(r.uri()).isEqualTo(target));
        assertThat(raw("GET /bad\u00ff HTTP/1.1\r\nHost: shop\r\n\r\n")).as("not UTF-8").startsWith("HTTP/1.1 400");
        assertThat(reached()).noneSatisfy(r -> assertThat(r.uri()).startsWith("/bad"));
    }

    @Test
    @Order(2)
    void aClientThatGoesAwayMidAnswerStopsTheUpstreamAnswer() throws Exception {
        int port = Integer.parseInt(proxy.substring(proxy.lastIndexOf(':') + 1));
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.getOutputStream().write("GET /endless HTTP/1.1\r\nHost: shop\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            assertThat(in.readNBytes(64 * 1024)).hasSize(64 * 1024);
        }
        assertThat(upstream.endlessAbandoned.await(10, TimeUnit.SECONDS)).as("the upstream answer was cut off").isTrue();
        assertThat(send(HttpRequest.newBuilder(URI.create(proxy + "/after"))).statusCode()).isEqualTo(200);
    }

    @Test
    @Order(2)
    void aTargetThatDoesNotAcceptAConnectionWithinTheConnectTimeoutIs504() throws Exception {
        // a listening socket that never accepts, its accept queue (backlog 1 holds two) already full:
        // the kernel leaves further connection attempts unanswered
        try (ServerSocket stalled = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()); Socket first = new Socket();
                Socket second = new Socket()) {
            first.connect(stalled.getLocalSocketAddress(), 2000);
            second.connect(stalled.getLocalSocketAddress(), 2000);
            try (ProtectedApp app = ProtectedApp.start("stalled", Clock.systemUTC(), Map.of("waf-connect-timeout-seconds", "1"),
                    "http://127.0.0.1:" + stalled.getLocalPort())) {
                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                long started = System.nanoTime();
                HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create(app.proxy + "/"))
                        .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).as("a target not accepting in time is a gateway timeout, as on an ALB").isEqualTo(504);
                assertThat(Duration.ofNanos(System.nanoTime() - started)).as("cut off after the connect timeout")
                        .isBetween(Duration.ofMillis(900), Duration.ofSeconds(10));
            }
        }
    }

    @Test
    @Order(2)
    void aTargetSilentForTheIdleTimeoutIs504OneThatHangsUpIs502AndTheNextOnesAreServed() throws Exception {
        try (ProtectedApp quiet = ProtectedApp.start("quiet", Clock.systemUTC(), Map.of("waf-idle-timeout-seconds", "1"))) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            long started = System.nanoTime();
            HttpResponse<String> hung = client.send(HttpRequest.newBuilder(URI.create(quiet.proxy + "/silent"))
                    .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
            Duration waited = Duration.ofNanos(System.nanoTime() - started);
            assertThat(hung.statusCode()).as("a silent target is a gateway timeout, as on an ALB").isEqualTo(504);
            assertThat(waited).as("cut off after the idle timeout").isBetween(Duration.ofMillis(900), Duration.ofSeconds(10));
            started = System.nanoTime();
            HttpResponse<String> dropped = client.send(HttpRequest.newBuilder(URI.create(quiet.proxy + "/hangup"))
                    .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(dropped.statusCode()).as("a target that drops the connection is a bad gateway").isEqualTo(502);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(900));
            assertThat(client.send(HttpRequest.newBuilder(URI.create(quiet.proxy + "/after")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        }
    }

    @Test
    @Order(3)
    void aWebAclBlocksAttacksWhereverTheyAreAndPassesTheRest() throws Exception {
        var none = List.of(TextTransformation.builder().priority(0).type(TextTransformationType.NONE).build());
        var decoded = List.of(TextTransformation.builder().priority(0).type(TextTransformationType.URL_DECODE).build(),
                TextTransformation.builder().priority(1).type(TextTransformationType.LOWERCASE).build());
        List<Rule> rules = List.of(
                Rule.builder().name("mark-api").priority(0).ruleLabels(l -> l.name("api:call"))
                        .statement(WafApiTest.uriStartsWith("/api"))
                        .action(RuleAction.builder().count(CountAction.builder().customRequestHandling(h -> h.insertHeaders(
                                i -> i.name("counted").value("api"))).build()).build())
                        .visibilityConfig(WafApiTest.visibility("mark-api")).build(),
                block("query-script", 1, contains(FieldToMatch.builder().queryString(q -> { }).build(), "<script", decoded)),
                Rule.builder().name("body-drop").priority(2)
                        .statement(contains(FieldToMatch.builder().body(b -> { }).build(), "drop table", decoded))
                        .action(RuleAction.builder().block(BlockAction.builder().customResponse(c -> c.responseCode(406)
                                .customResponseBodyKey("sql").responseHeaders(h -> h.name("x-blocked-by").value("garrison")))
                                .build()).build())
                        .visibilityConfig(WafApiTest.visibility("body-drop")).build(),
                block("cookie-evil", 3, contains(FieldToMatch.builder().cookies(c -> c.matchPattern(p -> p.all(a -> { }))
                        .matchScope(MapMatchScope.VALUE).oversizeHandling("MATCH")).build(), "evil", none)),
                block("api-delete", 4, Statement.builder().andStatement(a -> a.statements(
                        Statement.builder().labelMatchStatement(l -> l.scope("LABEL").key("api:call")).build(),
                        contains(FieldToMatch.builder().method(m -> { }).build(), "DELETE", none))).build()));
        var acl = waf.createWebACL(r -> r.name("shop-acl").scope(Scope.REGIONAL).rules(rules)
                .defaultAction(DefaultAction.builder().allow(AllowAction.builder().build()).build())
                .customResponseBodies(Map.of("sql", CustomResponseBody.builder().contentType(ResponseContentType.APPLICATION_JSON)
                        .content("{\"error\":\"no SQL please\"}").build()))
                .visibilityConfig(WafApiTest.visibility("shop-acl"))).summary();
        waf.associateWebACL(r -> r.webACLArn(acl.arn()).resourceArn(loadBalancer));
        assertThat(waf.getWebACLForResource(r -> r.resourceArn(loadBalancer)).webACL().name()).isEqualTo("shop-acl");
        assertThat(waf.listResourcesForWebACL(r -> r.webACLArn(acl.arn())).resourceArns()).containsExactly(loadBalancer);

        assertThat(send(get("/search?q=%3CSCRIPT%3Ealert(1)")).statusCode()).isEqualTo(403);
        var sql = send(HttpRequest.newBuilder(URI.create(proxy + "/form"))
                .POST(HttpRequest.BodyPublishers.ofString("name=x%27%3B+DROP+TABLE+users")));
        assertThat(sql.statusCode()).isEqualTo(406);
        assertThat(new String(sql.body(), StandardCharsets.UTF_8)).isEqualTo("{\"error\":\"no SQL please\"}");
        assertThat(sql.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(sql.headers().firstValue("x-blocked-by")).hasValue("garrison");
        assertThat(send(get("/").header("Cookie", "session=1; theme=evil")).statusCode()).isEqualTo(403);
        assertThat(send(get("/api/items").method("DELETE", HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(403);
        assertThat(reached()).isEmpty();

        var benign = send(HttpRequest.newBuilder(URI.create(proxy + "/api/items?q=shoes"))
                .header("Cookie", "session=1").POST(HttpRequest.BodyPublishers.ofString("name=table+lamp")));
        assertThat(benign.statusCode()).isEqualTo(200);
        assertThat(new String(benign.body(), StandardCharsets.UTF_8)).isEqualTo("name=table+lamp");
        assertThat(reached()).singleElement().satisfies(r -> assertThat(r.header("x-amzn-waf-counted")).isEqualTo("api"));

        byte[] large = new byte[100_000];
        java.util.Arrays.fill(large, (byte) 'a');
        System.arraycopy("drop table".getBytes(StandardCharsets.US_ASCII), 0, large, 50_000, 10);
        var beyondLimit = send(HttpRequest.newBuilder(URI.create(proxy + "/upload")).POST(HttpRequest.BodyPublishers.ofByteArray(large)));
        assertThat(beyondLimit.statusCode()).as("only the first 8 KB of a body are inspected, as on an ALB").isEqualTo(200);
        assertThat(beyondLimit.body()).isEqualTo(large);
    }

    @Test
    @Order(4)
    void decidedRequestsAreLoggedSampledCountedAndBlocksPublished() throws Exception {
        var summary = waf.listWebACLs(r -> r.scope(Scope.REGIONAL)).webACLs().stream().filter(s -> s.name().equals("shop-acl"))
                .findFirst().orElseThrow();
        String destination = "arn:aws:logs:us-east-1:123456789012:log-group:aws-waf-logs-shop";
        waf.putLoggingConfiguration(r -> r.loggingConfiguration(c -> c.resourceArn(summary.arn())
                .logDestinationConfigs(destination).redactedFields(FieldToMatch.builder()
                        .singleHeader(h -> h.name("x-secret")).build())));
        assertThat(waf.getLoggingConfiguration(r -> r.resourceArn(summary.arn())).loggingConfiguration()
                .logDestinationConfigs()).containsExactly(destination);
        assertThatThrownBy(() -> waf.putLoggingConfiguration(r -> r.loggingConfiguration(c -> c.resourceArn(summary.arn())
                .logDestinationConfigs("arn:aws:s3:::my-bucket")))).isInstanceOf(WafInvalidParameterException.class);

        try (Webhook hook = new Webhook(); EventBridgeClient events = EventBridgeClient.builder()
                .endpointOverride(garrison.endpoint()).region(Region.US_EAST_1).credentialsProvider(garrison.credentials())
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            String connection = events.createConnection(r -> r.name("waf-hook").authorizationType(
                    ConnectionAuthorizationType.API_KEY).authParameters(a -> a.apiKeyAuthParameters(
                            k -> k.apiKeyName("x-api-key").apiKeyValue("k")))).connectionArn();
            String target = events.createApiDestination(r -> r.name("waf-hook").connectionArn(connection)
                    .invocationEndpoint(hook.url("/blocks")).httpMethod(ApiDestinationHttpMethod.POST)).apiDestinationArn();
            events.putRule(r -> r.name("waf-blocks").eventPattern(
                    "{\"source\":[\"garrison.wafv2\"],\"detail-type\":[\"WAF Request Blocked\"]}"));
            events.putTargets(r -> r.rule("waf-blocks").targets(t -> t.id("hook").arn(target)));

            Instant start = Instant.now().minusSeconds(1);
            assertThat(send(get("/search?q=%3Cscript%3E").header("x-secret", "hunter2").header("Authorization", "Bearer t0k3n"))
                    .statusCode()).isEqualTo(403);
            assertThat(send(get("/api/ok").header("x-secret", "hunter2")).statusCode()).isEqualTo(200);

            Path log = garrison.dataDir.resolve("waf-logs").resolve("aws-waf-logs-shop.log");
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(log) && Files.readAllLines(log).size() >= 2);
            List<JsonNode> records = new ArrayList<>();
            for (String line : Files.readAllLines(log)) {
                records.add(JSON.readTree(line));
            }
            JsonNode blocked = records.stream().filter(r -> r.get("action").asText().equals("BLOCK")).findFirst().orElseThrow();
            assertThat(blocked.get("webaclId").asText()).isEqualTo(summary.arn());
            assertThat(blocked.get("terminatingRuleId").asText()).isEqualTo("query-script");
            assertThat(blocked.get("terminatingRuleType").asText()).isEqualTo("REGULAR");
            assertThat(blocked.get("responseCodeSent").asInt()).isEqualTo(403);
            assertThat(blocked.get("httpSourceName").asText()).isEqualTo("ALB");
            assertThat(blocked.at("/httpRequest/args").asText()).isEqualTo("q=%3Cscript%3E");
            assertThat(blocked.at("/httpRequest/httpMethod").asText()).isEqualTo("GET");
            assertThat(blocked.at("/httpRequest/headers").toString()).contains("\"REDACTED\"").doesNotContain("hunter2");
            JsonNode allowed = records.stream().filter(r -> r.get("action").asText().equals("ALLOW")).findFirst().orElseThrow();
            assertThat(allowed.get("terminatingRuleId").asText()).isEqualTo("Default_Action");
            assertThat(allowed.get("nonTerminatingMatchingRules").get(0).get("ruleId").asText()).isEqualTo("mark-api");
            assertThat(allowed.get("labels").get(0).get("name").asText()).isEqualTo("awswaf:123456789012:webacl:shop-acl:api:call");

            var sampled = waf.getSampledRequests(r -> r.webAclArn(summary.arn()).ruleMetricName("query-script")
                    .scope(Scope.REGIONAL).maxItems(100L).timeWindow(w -> w.startTime(start).endTime(Instant.now().plusSeconds(1))));
            assertThat(sampled.sampledRequests()).isNotEmpty().allSatisfy(r -> {
                assertThat(r.action()).isEqualTo("BLOCK");
                assertThat(r.request().uri()).startsWith("/search");
                assertThat(r.responseCodeSent()).isEqualTo(403);
            });
            assertThat(waf.getSampledRequests(r -> r.webAclArn(summary.arn()).ruleMetricName("mark-api").scope(Scope.REGIONAL)
                    .maxItems(100L).timeWindow(w -> w.startTime(start).endTime(Instant.now().plusSeconds(1))))
                    .sampledRequests()).isNotEmpty();

            String metrics = new String(send(HttpRequest.newBuilder(URI.create(garrison.endpoint() + "/metrics")).GET()).body(),
                    StandardCharsets.UTF_8);
            assertThat(metrics).contains("garrison_waf_blocked_requests_total{region=\"us-east-1\",rule=\"query-script\","
                    + "web_acl=\"shop-acl\"}").contains("garrison_waf_counted_requests_total")
                    .containsPattern("garrison_waf_deciding_seconds_count\\{region=\"us-east-1\",web_acl=\"shop-acl\"} [1-9]")
                    .contains("garrison_waf_deciding_seconds_bucket{region=\"us-east-1\",web_acl=\"shop-acl\",le=");

            await().atMost(Duration.ofSeconds(15)).until(() -> !hook.received.isEmpty());
            JsonNode event = JSON.readTree(hook.received.getFirst().body());
            assertThat(event.get("source").asText()).isEqualTo("garrison.wafv2");
            assertThat(event.at("/detail/terminatingRuleId").asText()).isEqualTo("query-script");
            assertThat(event.at("/detail/httpRequest/headers").toString()).doesNotContain("t0k3n").doesNotContain("hunter2");
        }
    }

    @Test
    @Order(5)
    void aWebAclUpdateTakesEffectWithinASecondWhileTrafficFlows() throws Exception {
        var summary = waf.listWebACLs(r -> r.scope(Scope.REGIONAL)).webACLs().stream().filter(s -> s.name().equals("shop-acl"))
                .findFirst().orElseThrow();
        var current = waf.getWebACL(r -> r.arn(summary.arn()));
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger failures = new AtomicInteger();
        AtomicInteger served = new AtomicInteger();
        Thread traffic = Thread.ofVirtual().start(() -> {
            while (running.get()) {
                try {
                    int status = send(get("/steady")).statusCode();
                    if (status == 200) {
                        served.incrementAndGet();
                    } else {
                        failures.incrementAndGet();
                    }
                } catch (Exception e) {
                    failures.incrementAndGet();
                }
            }
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> served.get() > 10);
        assertThat(send(get("/later")).statusCode()).isEqualTo(200);
        List<Rule> rules = new java.util.ArrayList<>(current.webACL().rules());
        rules.add(block("later", 10, WafApiTest.uriStartsWith("/later")));
        waf.updateWebACL(r -> r.name("shop-acl").scope(Scope.REGIONAL).id(summary.id()).lockToken(current.lockToken())
                .rules(rules).defaultAction(current.webACL().defaultAction())
                .customResponseBodies(current.webACL().customResponseBodies())
                .visibilityConfig(current.webACL().visibilityConfig()));
        long updated = System.nanoTime();
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20))
                .until(() -> send(get("/later")).statusCode() == 403);
        assertThat(Duration.ofNanos(System.nanoTime() - updated)).isLessThan(Duration.ofSeconds(1));
        int before = served.get();
        await().atMost(Duration.ofSeconds(5)).until(() -> served.get() > before + 10);
        running.set(false);
        traffic.join();
        assertThat(failures.get()).as("no request of the steady traffic failed during the update").isZero();
    }

    @Test
    @Order(6)
    void ambiguousFramingIsRefusedBeforeItReachesTheUpstream() throws Exception {
        int port = garrison.server.loadBalancerPorts().getFirst();
        String[] variants = {
                "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n",
                "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 40\r\n\r\nhello",
                "POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
                "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: +5\r\n\r\nhello"};
        for (String variant : variants) {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.setSoTimeout(5000);
                OutputStream out = socket.getOutputStream();
                out.write(variant.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                InputStream in = socket.getInputStream();
                String status = new String(in.readNBytes(12), StandardCharsets.ISO_8859_1);
                assertThat(status).as(variant).startsWith("HTTP/1.1 400");
            }
        }
        assertThat(reached()).isEmpty();
    }

    static HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(URI.create(proxy + path)).GET();
    }

    static Statement contains(FieldToMatch field, String text, List<TextTransformation> transformations) {
        return Statement.builder().byteMatchStatement(b -> b.fieldToMatch(field).positionalConstraint(PositionalConstraint.CONTAINS)
                .searchString(SdkBytes.fromUtf8String(text)).textTransformations(transformations)).build();
    }

    static Rule block(String name, int priority, Statement statement) {
        return WafApiTest.blockRule(name, priority, statement);
    }
}
