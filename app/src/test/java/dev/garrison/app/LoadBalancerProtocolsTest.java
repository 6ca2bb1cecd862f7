package dev.garrison.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.net.SelfSignedCertificate;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What a load balancer speaks besides plain HTTP/1.1: HTTPS with HTTP/2 by ALPN, and WebSocket upgrades passed through. */
class LoadBalancerProtocolsTest {
    static Vertx vertx = Vertx.vertx();
    static HttpServer app;
    static TestServer garrison;

    @BeforeAll
    static void boot() throws Exception {
        app = vertx.createHttpServer()
                .webSocketHandler(socket -> socket.textMessageHandler(text -> socket.writeTextMessage("echo: " + text)))
                .requestHandler(request -> request.response().end("proto=" + request.getHeader("x-forwarded-proto")
                        + " path=" + request.path()))
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        SelfSignedCertificate certificate = SelfSignedCertificate.create("localhost");
        garrison = TestServer.start(Map.of(), """
                load-balancers:
                  edge:
                    listeners:
                      - port: 0
                      - {port: 0, protocol: HTTPS, certificate: %s, key: %s}
                    target-groups:
                      web:
                        targets: [http://127.0.0.1:%d]
                """.formatted(certificate.certificatePath(), certificate.privateKeyPath(), app.actualPort()), Clock.systemUTC());
    }

    @AfterAll
    static void stop() throws Exception {
        garrison.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void httpsListenersSpeakHttp2AndTellTheAppTheProtocol() throws Exception {
        SSLContext trustAll = SSLContext.getInstance("TLS");
        trustAll.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String type) {
                // a test client trusting the test's self-signed certificate
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String type) {
                // a test client trusting the test's self-signed certificate
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, new SecureRandom());
        HttpClient client = HttpClient.newBuilder().sslContext(trustAll).version(HttpClient.Version.HTTP_2).build();
        int https = garrison.server.loadBalancerPorts().get(1);
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + https + "/hello"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(response.body()).isEqualTo("proto=https path=/hello");
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
}
