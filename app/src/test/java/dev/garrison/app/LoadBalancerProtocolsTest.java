package dev.garrison.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SelfSignedCertificate;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.wafv2.Wafv2Client;
import software.amazon.awssdk.services.wafv2.model.AllowAction;
import software.amazon.awssdk.services.wafv2.model.BlockAction;
import software.amazon.awssdk.services.wafv2.model.DefaultAction;
import software.amazon.awssdk.services.wafv2.model.FallbackBehavior;
import software.amazon.awssdk.services.wafv2.model.FieldToMatch;
import software.amazon.awssdk.services.wafv2.model.PositionalConstraint;
import software.amazon.awssdk.services.wafv2.model.Rule;
import software.amazon.awssdk.services.wafv2.model.RuleAction;
import software.amazon.awssdk.services.wafv2.model.Scope;
import software.amazon.awssdk.services.wafv2.model.Statement;
import software.amazon.awssdk.services.wafv2.model.TextTransformation;
import software.amazon.awssdk.services.wafv2.model.TextTransformationType;

/** What a load balancer speaks besides plain HTTP/1.1: HTTPS with HTTP/2 by ALPN, and WebSocket upgrades passed through. */
class LoadBalancerProtocolsTest {
    static Vertx vertx = Vertx.vertx();
    static HttpServer app;
    static TestServer garrison;
    /** Vert.x's HTTP/2 client, trusting the test's certificate. */
    static io.vertx.core.http.HttpClient http2;
    /** The paths of the requests the app read. */
    static final List<String> reached = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void boot() throws Exception {
        app = vertx.createHttpServer()
                .webSocketHandler(socket -> socket.textMessageHandler(text -> socket.writeTextMessage("echo: " + text)))
                .requestHandler(request -> request.body().onSuccess(body -> {
                    reached.add(request.path());
                    request.response().end("proto=" + request.getHeader("x-forwarded-proto") + " path=" + request.path()
                            + " bytes=" + body.length());
                }))
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        SelfSignedCertificate certificate = SelfSignedCertificate.create("localhost");
        garrison = TestServer.start(Map.of(), """
                waf-header-timeout-seconds: 2
                load-balancers:
                  edge:
                    listeners:
                      - port: 0
                      - {port: 0, protocol: HTTPS, certificate: %s, key: %s}
                    target-groups:
                      web:
                        targets: [http://127.0.0.1:%d]
                """.formatted(certificate.certificatePath(), certificate.privateKeyPath(), app.actualPort()), Clock.systemUTC());
        http2 = vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2).setSsl(true).setUseAlpn(true)
                .setTrustAll(true).setVerifyHost(false));
    }

    @AfterAll
    static void stop() throws Exception {
        http2.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        garrison.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** An SSL context that trusts the test's self-signed certificate. */
    private static SSLContext trustAll() throws Exception {
        SSLContext trustAll = SSLContext.getInstance("TLS");
        trustAll.init(null, new TrustManager[] {TrustTestCertificate.INSTANCE}, new SecureRandom());
        return trustAll;
    }

    /** An HTTP/2 client that trusts the test's self-signed certificate. */
    static HttpClient trustingClient() throws Exception {
        return HttpClient.newBuilder().sslContext(trustAll()).version(HttpClient.Version.HTTP_2).build();
    }

    /** An HTTP/2 frame: its 9-byte header and {@code payload}. */
    private static byte[] frame(int type, int flags, int stream, byte[] payload) {
        return ByteBuffer.allocate(9 + payload.length).put((byte) (payload.length >>> 16)).put((byte) (payload.length >>> 8))
                .put((byte) payload.length).put((byte) type).put((byte) flags).putInt(stream).put(payload).array();
    }

    @Test
    void anHttp2HeaderBlockTrickledPastTheHeaderTimeoutClosesItsConnection() throws Exception {
        int https = garrison.server.loadBalancerPorts().get(1);
        try (SSLSocket socket = (SSLSocket) trustAll().getSocketFactory().createSocket("localhost", https)) {
            SSLParameters alpn = socket.getSSLParameters();
            alpn.setApplicationProtocols(new String[] {"h2"});
            socket.setSSLParameters(alpn);
            socket.startHandshake();
            assertThat(socket.getApplicationProtocol()).isEqualTo("h2");
            OutputStream out = socket.getOutputStream();
            out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.write(frame(0x4, 0, 0, new byte[0]));
            // HPACK: :method GET, :scheme https, :path /trickled, :authority localhost; END_STREAM without END_HEADERS
            byte[] start = {(byte) 0x82, (byte) 0x87, 0x04, 9, '/', 't', 'r', 'i', 'c', 'k', 'l', 'e', 'd', 0x41, 9, 'l', 'o', 'c', 'a',
                'l', 'h', 'o', 's', 't'};
            out.write(frame(0x1, 0x1, 1, start));
            out.flush();
            // each CONTINUATION keeps the connection from going idle, and adds a header (x-pad: aaaaaaaaaa)
            byte[] pad = {0x40, 5, 'x', '-', 'p', 'a', 'd', 10, 'a', 'a', 'a', 'a', 'a', 'a', 'a', 'a', 'a', 'a'};
            long began = System.nanoTime();
            java.io.ByteArrayOutputStream received = new java.io.ByteArrayOutputStream();
            CompletableFuture<Long> closed = CompletableFuture.supplyAsync(() -> {
                try {
                    for (int b = socket.getInputStream().read(); b >= 0; b = socket.getInputStream().read()) {
                        received.write(b);
                    }
                } catch (java.io.IOException reset) {
                    // closed
                }
                return System.nanoTime();
            });
            for (int i = 0; i < 25 && !closed.isDone(); i++) {
                Thread.sleep(200);
                try {
                    out.write(frame(0x9, 0, 1, pad));
                    out.flush();
                } catch (java.io.IOException gone) {
                    break;
                }
            }
            long seconds = TimeUnit.NANOSECONDS.toSeconds(closed.get(5, TimeUnit.SECONDS) - began);
            assertThat(seconds).as("closed at the 2-second header timeout, not held open by its trickle").isBetween(1L, 3L);
            ByteBuffer frames = ByteBuffer.wrap(received.toByteArray());
            int goAwayError = -1;
            while (frames.remaining() >= 9) {
                int length = (frames.get() & 0xff) << 16 | (frames.get() & 0xff) << 8 | frames.get() & 0xff;
                int type = frames.get();
                frames.position(frames.position() + 5);
                if (type == 0x7) {
                    goAwayError = frames.getInt(frames.position() + 4);
                }
                frames.position(frames.position() + length);
            }
            assertThat(goAwayError).as("the GOAWAY's error code: ENHANCE_YOUR_CALM").isEqualTo(0xb);
        }
        assertThat(reached).doesNotContain("/trickled");
    }

    @Test
    void httpsListenersSpeakHttp2AndTellTheAppTheProtocol() throws Exception {
        HttpClient client = trustingClient();
        int https = garrison.server.loadBalancerPorts().get(1);
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + https + "/hello"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(response.body()).isEqualTo("proto=https path=/hello bytes=0");
        // a body of unknown length on an HTTP/2 stream goes to the target chunked
        HttpResponse<String> posted = client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + https + "/form"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(new byte[100_000]))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(posted.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(posted.body()).isEqualTo("proto=https path=/form bytes=100000");
    }

    /** An HTTP/2 request to the HTTPS listener with Vert.x's client, which can send what the JDK's will not. */
    private static RequestOptions http2(HttpMethod method, String path) {
        return new RequestOptions().setMethod(method).setPort(garrison.server.loadBalancerPorts().get(1)).setHost("localhost")
                .setURI(path);
    }

    @Test
    void anHttp2ConnectionTakes128RequestsAtOnceAsAnAlbDoes() throws Exception {
        HttpClientResponse response = http2.request(http2(HttpMethod.GET, "/settings")).compose(request -> request.send())
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(response.version()).isEqualTo(HttpVersion.HTTP_2);
        assertThat(response.request().connection().remoteSettings().getMaxConcurrentStreams()).isEqualTo(128);
    }

    @Test
    void anHttp2RequestWhoseHostHeaderNamesAnotherHostThanItsAuthorityIsRefused() throws Exception {
        HttpClientResponse twoNames = http2.request(http2(HttpMethod.GET, "/two-names").putHeader("host", "admin.example"))
                .compose(request -> request.send()).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(twoNames.version()).isEqualTo(HttpVersion.HTTP_2);
        assertThat(twoNames.statusCode()).as("a web ACL could read one host and the target the other").isEqualTo(400);
    }

    @Test
    void anHttp2BodyLongerThanItsContentLengthIsRefusedAndNeverReachesTheTarget() throws Exception {
        // H2.CL: were the body forwarded over HTTP/1.1 under its Content-Length of 0, the target would read it as a request
        HttpClientResponse control = http2.request(http2(HttpMethod.POST, "/h2-control").putHeader("content-length", "5"))
                .compose(request -> request.send(Buffer.buffer("hello"))).toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        assertThat(control.statusCode()).as("a body its Content-Length declares goes through").isEqualTo(200);
        assertThat(reached).contains("/h2-control");
        CompletableFuture<Integer> status = new CompletableFuture<>();
        http2.request(http2(HttpMethod.POST, "/h2-declared").putHeader("content-length", "0")).onComplete(made -> {
            if (made.failed()) {
                status.complete(-1);
                return;
            }
            made.result().response().onComplete(answer -> status.complete(answer.succeeded() ? answer.result().statusCode() : -1));
            made.result().end(Buffer.buffer("GET /h2-smuggled HTTP/1.1\r\nHost: x\r\n\r\n"));
        });
        assertThat(status.get(10, TimeUnit.SECONDS)).as("the stream is reset, nothing answered").isEqualTo(-1);
        Thread.sleep(300);
        assertThat(reached).doesNotContain("/h2-declared", "/h2-smuggled");
    }

    @Test
    void webSocketUpgradesArePassedThrough() throws Exception {
        int http = garrison.server.loadBalancerPorts().getFirst();
        CompletableFuture<String> echoed = new CompletableFuture<>();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + http + "/chat"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        echoed.complete(data.toString());
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        socket.sendText("hello through the WAF", true).get(10, TimeUnit.SECONDS);
        assertThat(echoed.get(10, TimeUnit.SECONDS)).isEqualTo("echo: hello through the WAF");
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
    }

    @Test
    void rulesInspectTheClientsTlsFingerprints() throws Exception {
        try (Wafv2Client waf = WafApiTest.client(garrison, Region.US_EAST_1)) {
            Statement ja4 = Statement.builder().byteMatchStatement(b -> b.fieldToMatch(FieldToMatch.builder()
                    .ja4Fingerprint(f -> f.fallbackBehavior(FallbackBehavior.NO_MATCH)).build())
                    .positionalConstraint(PositionalConstraint.STARTS_WITH).searchString(SdkBytes.fromUtf8String("t13d"))
                    .textTransformations(TextTransformation.builder().priority(0).type(TextTransformationType.NONE).build()))
                    .build();
            Statement ja3 = Statement.builder().byteMatchStatement(b -> b.fieldToMatch(FieldToMatch.builder()
                    .ja3Fingerprint(f -> f.fallbackBehavior(FallbackBehavior.MATCH)).build())
                    .positionalConstraint(PositionalConstraint.EXACTLY).searchString(SdkBytes.fromUtf8String("no such client"))
                    .textTransformations(TextTransformation.builder().priority(0).type(TextTransformationType.NONE).build()))
                    .build();
            String acl = waf.createWebACL(r -> r.name("fingerprints").scope(Scope.REGIONAL)
                    .defaultAction(DefaultAction.builder().allow(AllowAction.builder().build()).build())
                    .visibilityConfig(WafApiTest.visibility("fingerprints")).rules(
                            rule("tls13-with-sni", 0, Statement.builder().andStatement(a -> a.statements(
                                    WafApiTest.uriStartsWith("/fingerprinted"), ja4)).build(), 418),
                            rule("unknown-ja3", 1, Statement.builder().andStatement(a -> a.statements(
                                    WafApiTest.uriStartsWith("/fallback"), ja3)).build(), 409))).summary().arn();
            waf.associateWebACL(r -> r.webACLArn(acl).resourceArn(garrison.server.loadBalancerArns().getFirst()));
            try {
                HttpClient client = trustingClient();
                String https = "https://localhost:" + garrison.server.loadBalancerPorts().get(1);
                String http = "http://127.0.0.1:" + garrison.server.loadBalancerPorts().getFirst();
                assertThat(status(client, https + "/fingerprinted")).as("TLS 1.3 with SNI").isEqualTo(418);
                assertThat(status(client, http + "/fingerprinted")).as("plain HTTP: no fingerprint, NO_MATCH").isEqualTo(200);
                assertThat(status(client, https + "/fallback")).as("a real JA3 is not the one searched").isEqualTo(200);
                assertThat(status(client, http + "/fallback")).as("plain HTTP: no fingerprint, MATCH").isEqualTo(409);
            } finally {
                waf.disassociateWebACL(r -> r.resourceArn(garrison.server.loadBalancerArns().getFirst()));
            }
        }
    }

    static Rule rule(String name, int priority, Statement statement, int status) {
        return Rule.builder().name(name).priority(priority).statement(statement)
                .action(RuleAction.builder().block(BlockAction.builder().customResponse(c -> c.responseCode(status)).build())
                        .build())
                .visibilityConfig(WafApiTest.visibility(name)).build();
    }

    static int status(HttpClient client, String url) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
