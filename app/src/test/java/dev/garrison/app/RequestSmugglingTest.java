package dev.garrison.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Request smuggling against a load balancer with a real upstream: requests whose framing a proxy
 * and its upstream could read differently, each hiding a second request ({@code /s<n>}) that only a
 * misreading would see. None may reach the upstream as a request of its own; each connection must
 * still get an answer.
 */
class RequestSmugglingTest {
    static ProtectedApp app;
    static Upstream upstream;
    static int port;

    @BeforeAll
    static void boot() throws Exception {
        app = ProtectedApp.start("edge", Clock.systemUTC(), Map.of("waf-header-timeout-seconds", "1"));
        upstream = app.upstream;
        port = app.garrison.server.loadBalancerPorts().getFirst();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    /** One variant: its headers (CRLF-terminated lines) and body, given the smuggled request to hide. */
    record Variant(String name, String headers, String body) {}

    static String smuggled(int n) {
        return "GET /s" + n + " HTTP/1.1\r\nHost: x\r\n\r\n";
    }

    /** Variants whose body is a chunked body that ends early, then the hidden request, under a Content-Length covering it all. */
    static List<Variant> variants() {
        List<Variant> variants = new ArrayList<>();
        String[] encodings = {"chunked", "Chunked", "CHUNKED", " chunked", "chunked ", "\tchunked", "chunked\t", "\u000bchunked",
                "chunked, identity", "identity, chunked", "gzip, chunked", "chunked, chunked", "\"chunked\"", "chunk",
                "chunked;", "chunked ;q=1", "xchunked", "chunkedx", "x chunked", "chu\u0000nked", "identity", "gzip", ",chunked",
                "chunked,", "\u001cchunked", "chunked\u001f"};
        String[] teNames = {"Transfer-Encoding", "transfer-encoding", "TRANSFER-ENCODING", "Transfer-Encoding ",
                "Transfer-Encoding\t", " Transfer-Encoding", "Transfer_Encoding", "X-Pad: 1\r\n Transfer-Encoding"};
        int n = 0;
        // Transfer-Encoding spellings with a Content-Length covering the hidden request
        for (String encoding : encodings) {
            String body = "0\r\n\r\n" + smuggled(n);
            variants.add(new Variant("TE '" + encoding + "' with CL", "Transfer-Encoding: " + encoding + "\r\nContent-Length: "
                    + body.length() + "\r\n", body));
            n++;
            String reversed = "0\r\n\r\n" + smuggled(n);
            variants.add(new Variant("CL then TE '" + encoding + "'", "Content-Length: " + reversed.length()
                    + "\r\nTransfer-Encoding: " + encoding + "\r\n", reversed));
            n++;
        }
        // header name spellings
        for (String name : teNames) {
            String body = "0\r\n\r\n" + smuggled(n);
            variants.add(new Variant("TE named '" + name + "'", name + ": chunked\r\nContent-Length: " + body.length() + "\r\n",
                    body));
            n++;
        }
        // two transfer encodings
        for (String second : new String[] {"identity", "chunked", "x", ""}) {
            String body = "0\r\n\r\n" + smuggled(n);
            variants.add(new Variant("TE twice, then '" + second + "'", "Transfer-Encoding: chunked\r\nTransfer-Encoding: " + second
                    + "\r\nContent-Length: " + body.length() + "\r\n", body));
            n++;
        }
        // Content-Length spellings, with the short count hiding the rest
        String[] lengths = {"5\r\nContent-Length: 0", "0\r\nContent-Length: 5", "5, 5", "5,0", "+5", "-5", "0x5", "5.0", "5 5",
                "5\u000b", "05a", "5\u0000", "99999999999999999999", "5e0", "\"5\"", "4\r\n Content-Length: 9", "5\r\nContent-Length: 5",
                "5;", "\u001f5", "5\u001c", "\u000c5"};
        for (String length : lengths) {
            String body = "hello" + smuggled(n);
            variants.add(new Variant("CL '" + length.replace("\r\n", "|") + "'", "Content-Length: " + length + "\r\n", body));
            n++;
        }
        String[] clNames = {"Content-Length ", "Content-Length\t", "Content_Length", " Content-Length", "Content-Length\u0000",
                "Content-Length\r\n"};
        for (String name : clNames) {
            String body = "hello" + smuggled(n);
            variants.add(new Variant("CL named '" + name.replace("\r\n", "|") + "'", name + ": 5\r\n", body));
            n++;
        }
        // chunk sizes a lenient reader could take for a last chunk
        String[] sizes = {"0x5", "-5", "5 ", " 5", "5\t", "+5", "5;", "5;x=\"\r\n\"", "5 ;x", "fffffffffffffffff5", "5_",
                "0 5", "g", "", "5\n", "0\n"};
        for (String size : sizes) {
            String body = size + "\r\nhello\r\n0\r\n\r\n" + smuggled(n);
            variants.add(new Variant("chunk size '" + size.replace("\r\n", "|").replace("\n", "\\n") + "'",
                    "Transfer-Encoding: chunked\r\n", body));
            n++;
        }
        // chunks whose data is longer or shorter than their size says
        for (String chunk : new String[] {"3\r\nhello\r\n0\r\n\r\n", "9\r\nhello\r\n0\r\n\r\n", "5\r\nhello0\r\n\r\n",
                "5\r\nhello\n0\n\n", "5\r\nhello\r\n0\r\nX: y\r\n", "5\r\nhello\r\n0\r\n", "5\rhello\r\n0\r\n\r\n"}) {
            variants.add(new Variant("chunk data '" + chunk.replace("\r", "\\r").replace("\n", "\\n") + "'",
                    "Transfer-Encoding: chunked\r\n", chunk + smuggled(n)));
            n++;
        }
        // header lines a lenient reader could split or join
        String[] lines = {"X-A: b\nTransfer-Encoding: chunked", "X-A: b\rTransfer-Encoding: chunked", "X-A: b\r\n\tx",
                "X-A b", ": chunked", "X-A:\u0000b", "X\u0001A: b", "X A: b", "X-A: b\r\n: c"};
        for (String line : lines) {
            String body = "0\r\n\r\n" + smuggled(n);
            variants.add(new Variant("header line '" + line.replace("\r", "\\r").replace("\n", "\\n") + "'", line
                    + "\r\nContent-Length: " + body.length() + "\r\n", body));
            n++;
        }
        // a WebSocket handshake the upstream refuses, with a request behind it a tunnelling proxy would pass unread
        for (String upgrade : new String[] {"websocket", "WebSocket"}) {
            variants.add(new Variant("refused upgrade '" + upgrade + "'", "Upgrade: " + upgrade + "\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n", smuggled(n)));
            n++;
        }
        return variants;
    }

    @Test
    void noVariantReachesTheUpstreamAsTwoRequests() throws Exception {
        List<Variant> variants = variants();
        assertThat(variants).hasSizeGreaterThanOrEqualTo(100);
        Map<String, String> answers = new ConcurrentHashMap<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < variants.size(); i++) {
                Variant variant = variants.get(i);
                int index = i;
                sent.add(pool.submit(() -> {
                    String method = variant.name().startsWith("refused upgrade") ? "GET" : "POST";
                    answers.put(variant.name(), send(method + " /v" + index + " HTTP/1.1\r\nHost: edge\r\n" + variant.headers()
                            + "\r\n" + variant.body()));
                    return null;
                }));
            }
            for (Future<?> future : sent) {
                future.get();
            }
        }
        Thread.sleep(500);
        List<String> smuggledThrough = upstream.received.stream().map(Upstream.Received::uri)
                .filter(uri -> uri.startsWith("/s")).toList();
        assertThat(smuggledThrough).as("hidden requests that reached the upstream").isEmpty();
        assertThat(answers).hasSize(variants.size()).allSatisfy((name, answer) ->
                assertThat(answer).as(name).matches("(?s)(HTTP/1\\.1 \\d{3}.*|closed)"));
        long refused = answers.values().stream().filter(a -> a.startsWith("HTTP/1.1 400")).count();
        System.out.printf("request smuggling: %d variants, %d refused with 400, %d forwarded as one request, 0 smuggled%n",
                variants.size(), refused, upstream.received.stream().filter(r -> r.uri().startsWith("/v")).count());
    }

    @Test
    void headsAreTakenUpToAnAlbsLimitsAndRefusedBeyondThemUnforwarded() throws Exception {
        String close = "Host: edge\r\nConnection: close\r\n";
        String longPath = "/long-" + "p".repeat(16 * 1024 - "GET /long- HTTP/1.1".length()); // the line is 16 KB
        assertThat(send("GET " + longPath + " HTTP/1.1\r\n" + close + "\r\n")).as("a request line of 16 KB")
                .startsWith("HTTP/1.1 200");
        assertThat(send("GET " + longPath + "p HTTP/1.1\r\n" + close + "\r\n")).as("one past 16 KB")
                .startsWith("HTTP/1.1 414");
        String field = "X-Big: " + "v".repeat(16 * 1024 - 7);
        assertThat(send("GET /one-big-field HTTP/1.1\r\n" + close + field + "\r\n\r\n")).startsWith("HTTP/1.1 200");
        assertThat(send("GET /too-big-field HTTP/1.1\r\n" + close + field + "v\r\n\r\n")).startsWith("HTTP/1.1 431");
        StringBuilder sixty = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            sixty.append("X-Part-").append(i).append(": ").append("w".repeat(12 * 1024)).append("\r\n");
        }
        assertThat(send("GET /heads-of-60-kb HTTP/1.1\r\n" + close + sixty + "\r\n")).as("60 KB of headers").startsWith("HTTP/1.1 200");
        assertThat(send("GET /heads-of-72-kb HTTP/1.1\r\n" + close + sixty + "X-Part-5: " + "w".repeat(12 * 1024) + "\r\n\r\n"))
                .as("72 KB of headers").startsWith("HTTP/1.1 431");
        assertThat(upstream.received).extracting(Upstream.Received::uri).contains(longPath, "/one-big-field", "/heads-of-60-kb")
                .noneMatch(uri -> uri.startsWith(longPath + "p") || uri.equals("/too-big-field") || uri.equals("/heads-of-72-kb"));
    }

    @Test
    void aRequestNamesOneHostOrNoneOnHttp10AndALaterHttp1IsReadAsHttp11() throws Exception {
        assertThat(send("GET /two-hosts HTTP/1.1\r\nHost: public.example\r\nHost: admin.example\r\nConnection: close\r\n\r\n"))
                .as("a web ACL and a target could each read a different one").startsWith("HTTP/1.1 400");
        assertThat(send("GET /no-host HTTP/1.1\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 400");
        assertThat(send("GET /old-client HTTP/1.0\r\n\r\n")).startsWith("HTTP/1.0 200");
        assertThat(send("GET /later-minor HTTP/1.2\r\nHost: edge\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 200");
        assertThat(send("GET /bad-version HTTP/1.1x\r\nHost: edge\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 400");
        assertThat(upstream.received).noneMatch(r -> r.uri().equals("/two-hosts") || r.uri().equals("/no-host")
                || r.uri().equals("/bad-version"));
        assertThat(upstream.received).filteredOn(r -> r.uri().equals("/old-client")).singleElement()
                .satisfies(r -> assertThat(r.header("host")).as("named as the target").isEqualTo(upstream.url().substring(7)));

        // a request in absolute form names its host there, whatever its Host says (RFC 9112 3.2.2)
        assertThat(send("GET http://other.example/absolute?x=1 HTTP/1.1\r\nHost: edge\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 200");
        assertThat(send("GET HTTP://user:secret@named.example:8080?q=2 HTTP/1.1\r\nHost: edge\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 200");
        assertThat(upstream.received).filteredOn(r -> r.uri().equals("/absolute?x=1")).singleElement()
                .satisfies(r -> assertThat(r.header("host")).isEqualTo("other.example"));
        assertThat(upstream.received).filteredOn(r -> r.uri().equals("/?q=2")).singleElement()
                .satisfies(r -> assertThat(r.header("host")).as("without the user info").isEqualTo("named.example:8080"));
    }

    @Test
    void aClientConnectionIdleForTheIdleTimeoutBetweenRequestsIsClosed() throws Exception {
        try (ProtectedApp idle = ProtectedApp.start("idle", Clock.systemUTC(), Map.of("waf-idle-timeout-seconds", "1"));
                RawClient client = new RawClient(idle.proxyPort())) {
            for (int i = 0; i < 3; i++) {
                client.send(RawClient.head("GET /kept-" + i + " HTTP/1.1", List.of("Host: idle")));
                assertThat(client.read().status()).isEqualTo(200);
                Thread.sleep(400); // shorter than the timeout: the connection serves the next request
            }
            long quiet = System.nanoTime();
            assertThat(client.closedByServer()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - quiet)).as("closed once idle for about a second")
                    .isBetween(Duration.ofMillis(500), Duration.ofSeconds(5));
        }
    }

    @Test
    void aClientTooSlowToSendItsHeadersIsCutOffWhileOthersAreServed() throws Exception {
        try (Socket slow = new Socket("127.0.0.1", port)) {
            slow.setSoTimeout(10_000);
            slow.getOutputStream().write("GET /slow HTTP/1.1\r\nHost: edge\r\nX-Slow: 1\r\n".getBytes(StandardCharsets.ISO_8859_1));
            slow.getOutputStream().flush();
            assertThat(send("GET /fast HTTP/1.1\r\nHost: edge\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 200");
            long started = System.nanoTime();
            String answer = new String(slow.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(answer).startsWith("HTTP/1.1 408");
            assertThat(java.time.Duration.ofNanos(System.nanoTime() - started)).isLessThan(java.time.Duration.ofSeconds(5));
        }
        assertThat(upstream.received).noneMatch(r -> r.uri().equals("/slow"));
    }

    @Test
    void theHeaderTimeoutCountsFromTheStartOfEachRequestOnAKeptAliveConnection() throws Exception {
        try (Socket client = new Socket("127.0.0.1", port)) {
            client.setSoTimeout(10_000);
            // the connection outlives the 1-second header timeout; each of its heads comes promptly
            for (int i = 0; i < 5; i++) {
                client.getOutputStream().write(("GET /prompt-" + i + " HTTP/1.1\r\nHost: edge\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                assertThat(response(client.getInputStream())).startsWith("HTTP/1.1 200");
                Thread.sleep(350);
            }
            client.getOutputStream().write("GET /late HTTP/1.1\r\nHost: edge\r\n".getBytes(StandardCharsets.ISO_8859_1));
            long started = System.nanoTime();
            String answer = new String(client.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            java.time.Duration waited = java.time.Duration.ofNanos(System.nanoTime() - started);
            assertThat(answer).startsWith("HTTP/1.1 408");
            assertThat(waited).as("cut off a timeout after its own start").isBetween(java.time.Duration.ofMillis(900),
                    java.time.Duration.ofSeconds(5));
        }
        assertThat(upstream.received).noneMatch(r -> r.uri().equals("/late"));
    }

    /** Reads one response with a Content-Length body off a kept-alive connection; returns its head. */
    static String response(InputStream in) throws Exception {
        String head = RawClient.messageHead(in);
        assertThat(head).as("the response head").isNotNull();
        java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
        assertThat(length.find()).as("a Content-Length in " + head).isTrue();
        in.readNBytes(Integer.parseInt(length.group(1)));
        return head;
    }

    @Test
    void aClientHoldingTooManyConnectionsIsTurnedAwayWhileOthersAreServed() throws Exception {
        try (ProtectedApp capped = ProtectedApp.start("capped", Clock.systemUTC(), Map.of("waf-max-connections-per-client", "4"))) {
            int cappedPort = capped.proxyPort();
            List<Socket> held = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    Socket socket = new Socket("127.0.0.1", cappedPort);
                    held.add(socket);
                    assertThat(statusLine(socket)).as("connection %d", i + 1).startsWith("HTTP/1.1 200");
                }
                try (Socket extra = new Socket("127.0.0.1", cappedPort)) {
                    extra.setSoTimeout(5000);
                    extra.getOutputStream().write("GET /extra HTTP/1.1\r\nHost: capped\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    int first;
                    try {
                        first = extra.getInputStream().read();
                    } catch (java.net.SocketException reset) {
                        first = -1; // closed with our request unread: the kernel answers with a reset
                    }
                    assertThat(first).as("the fifth is closed unanswered").isEqualTo(-1);
                }
                try (Socket other = new Socket(InetAddress.getLoopbackAddress(), cappedPort, InetAddress.getByName("127.0.0.2"), 0)) {
                    assertThat(statusLine(other)).as("another client").startsWith("HTTP/1.1 200");
                }
                held.removeFirst().close();
                await().atMost(java.time.Duration.ofSeconds(5)).untilAsserted(() -> {
                    try (Socket again = new Socket("127.0.0.1", cappedPort)) {
                        again.setSoTimeout(2000);
                        assertThat(statusLine(again)).startsWith("HTTP/1.1 200");
                    }
                });
            } finally {
                for (Socket socket : held) {
                    socket.close();
                }
            }
            assertThat(capped.upstream.received).noneMatch(r -> r.uri().equals("/extra"));
        }
    }

    @Test
    void slowHeadsBeyondTheLoadBalancersBudgetAreTurnedAwayWhileWholeRequestsAreServed() throws Exception {
        try (ProtectedApp budgeted = ProtectedApp.start("budgeted", Clock.systemUTC(), Map.of("waf-max-pending-head-bytes", "65536"));
                Socket slow = new Socket("127.0.0.1", budgeted.proxyPort());
                Socket greedy = new Socket("127.0.0.1", budgeted.proxyPort())) {
            String pad = ("X-Pad: " + "p".repeat(991) + "\r\n");
            String slowHead = "GET /slow HTTP/1.1\r\nHost: budgeted\r\n" + pad.repeat(40);
            slow.getOutputStream().write(slowHead.getBytes(StandardCharsets.ISO_8859_1));
            HttpClient client = HttpClient.newHttpClient();
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(client.send(HttpRequest.newBuilder(
                    URI.create(budgeted.garrison.endpoint() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body())
                    .contains("garrison_waf_pending_head_bytes " + slowHead.length() + ".0"));
            greedy.getOutputStream().write(("GET /greedy HTTP/1.1\r\nHost: budgeted\r\n" + pad.repeat(30))
                    .getBytes(StandardCharsets.ISO_8859_1));
            greedy.setSoTimeout(5000);
            assertThat(new String(greedy.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1))
                    .as("a slow head past the budget").startsWith("HTTP/1.1 503 Service Unavailable\r\n");
            HttpResponse<String> whole = client.send(HttpRequest.newBuilder(URI.create(budgeted.proxy + "/whole"))
                    .header("X-Pad", "w".repeat(10_000)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(whole.statusCode()).as("a request whose head arrives whole").isEqualTo(200);
            slow.getOutputStream().write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            assertThat(statusLine(slow)).as("the slow head, once ended, and a request after it").startsWith("HTTP/1.1 200");
            assertThat(budgeted.upstream.received).extracting(r -> r.uri()).contains("/slow", "/whole").doesNotContain("/greedy");
        }
    }

    /** Sends a GET on {@code socket}, which stays open, and returns the answer's status line. */
    static String statusLine(Socket socket) throws Exception {
        socket.setSoTimeout(5000);
        socket.getOutputStream().write("GET /held HTTP/1.1\r\nHost: capped\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = socket.getInputStream().read()) >= 0 && c != '\n') {
            line.append((char) c);
        }
        return line.toString();
    }

    /** Sends raw bytes and returns what came back until the server closed or went quiet. */
    static String send(String raw) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(1500);
            OutputStream out = socket.getOutputStream();
            out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder answer = new StringBuilder();
            byte[] buffer = new byte[8192];
            try {
                int read;
                while ((read = in.read(buffer)) > 0) {
                    answer.append(new String(buffer, 0, read, StandardCharsets.ISO_8859_1));
                }
            } catch (SocketTimeoutException e) {
                // the server kept the connection open: what it sent so far is its answer
            }
            return answer.isEmpty() ? "closed" : answer.toString();
        }
    }
}
