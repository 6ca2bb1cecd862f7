package dev.garrison.app;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** {@code garrison serve} as its own process, for tests that signal or kill it; its output goes to {@code serve.out}. */
final class ServeProcess {
    private ServeProcess() {}

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /**
     * Starts serve on {@code port} over {@code dataDir}, with {@code extra} flags, and returns once
     * it answers its health check.
     */
    static Process start(Path dataDir, int port, String... extra) throws Exception {
        Path log = dataDir.resolve("serve.out");
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", System.getProperty("java.class.path"),
                Garrison.class.getName(), "serve", "--port", Integer.toString(port), "--data-dir", dataDir.toString()));
        command.addAll(java.util.List.of(extra));
        Process serve = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/_garrison/health")).build(), HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    return serve;
                }
            } catch (IOException e) {
                if (System.nanoTime() > deadline || !serve.isAlive()) {
                    throw new IllegalStateException("garrison serve did not come up:\n" + Files.readString(log), e);
                }
                Thread.sleep(100);
            }
        }
    }
}
