package dev.garrison.platform.server;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Puts one copy of a server on every event loop of a Vert.x instance, so that the connections its
 * shared listening socket accepts spread over all the loops.
 *
 * <p>Deploying a verticle with N instances does not promise that: each instance takes the loop
 * group's next loop, and a context any other thread creates meanwhile moves that on, so two
 * instances can land on one loop. Measured on a load balancer with two instances on a two-loop
 * group: both on the first loop, which carried every connection while the second stayed idle.
 * Here each copy gets a context built on its own loop.
 */
public final class EventLoops {
    private EventLoops() {}

    /**
     * Runs {@code start} on a context of each of {@code vertx}'s event loops (what it creates there,
     * such as a server, belongs to that loop), and waits up to {@code timeout} for every copy to
     * have started; returns what each one's future gave, in loop order.
     */
    public static <T> List<T> startOnEach(Vertx vertx, Supplier<Future<T>> start, Duration timeout) throws Exception {
        VertxInternal internal = (VertxInternal) vertx;
        List<Future<T>> started = new ArrayList<>();
        for (EventExecutor loop : internal.nettyEventLoopGroup()) {
            ContextInternal context = internal.contextBuilder().withEventLoop((EventLoop) loop).build();
            Promise<T> promise = context.promise();
            context.runOnContext(ignored -> {
                try {
                    start.get().onComplete(promise);
                } catch (RuntimeException e) {
                    promise.fail(e);
                }
            });
            started.add(promise.future());
        }
        Future.all(started).toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return started.stream().map(Future::result).toList();
    }
}
