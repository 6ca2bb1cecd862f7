package dev.garrison.platform.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventLoopsTest {
    @Test
    void eachCopyRunsOnItsOwnEventLoopWhateverContextsOtherThreadsTookBefore() throws Exception {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(3));
        try {
            // contexts taken meanwhile move the loop group's round robin on; the copies must not care
            vertx.getOrCreateContext();
            Thread other = Thread.ofPlatform().start(vertx::getOrCreateContext);
            other.join();
            List<String> threads = EventLoops.startOnEach(vertx, () -> Future.succeededFuture(Thread.currentThread().getName()),
                    Duration.ofSeconds(10));
            assertThat(threads).hasSize(3).doesNotHaveDuplicates().allMatch(name -> name.startsWith("vert.x-eventloop-thread-"));
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
    }

    @Test
    void aCopyThatFailsToStartFailsTheWhole() throws Exception {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        try {
            assertThatThrownBy(() -> EventLoops.startOnEach(vertx, () -> {
                throw new IllegalStateException("port taken");
            }, Duration.ofSeconds(10))).hasMessageContaining("port taken");
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
    }
}
