package dev.garrison.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Stopping Garrison lets the exchanges its load balancers' event loops are proxying finish, and then accepts no more. */
class LoadBalancerShutdownTest {
    @Test
    void anExchangeInFlightOnEveryEventLoopIsAnsweredBeforeTheListenerCloses() throws Exception {
        try (ProtectedApp app = ProtectedApp.start("shop", Clock.systemUTC())) {
            // one client, so one connection, per exchange: the listener spreads connections over its event loops
            int exchanges = 2 * Runtime.getRuntime().availableProcessors();
            CompletableFuture<?>[] answers = new CompletableFuture<?>[exchanges];
            for (int i = 0; i < exchanges; i++) {
                answers[i] = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().sendAsync(
                        HttpRequest.newBuilder(URI.create(app.proxy + "/slow?n=" + i)).build(), HttpResponse.BodyHandlers.ofString());
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (slowReached(app) < exchanges && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(slowReached(app)).isEqualTo(exchanges);

            app.garrison.close();

            for (CompletableFuture<?> answer : answers) {
                HttpResponse<?> response = (HttpResponse<?>) answer.get(10, TimeUnit.SECONDS);
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).isEqualTo("slow");
            }
            assertThatThrownBy(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(app.proxy + "/")).build(),
                    HttpResponse.BodyHandlers.ofString())).isInstanceOf(ConnectException.class);
        }
    }

    private static long slowReached(ProtectedApp app) {
        return app.upstream.received.stream().filter(r -> r.uri().startsWith("/slow")).count();
    }
}
