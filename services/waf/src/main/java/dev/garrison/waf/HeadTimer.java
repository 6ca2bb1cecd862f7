package dev.garrison.waf;

import io.netty.channel.ChannelHandlerContext;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Times the request heads of one client connection: a head that has not ended within the header
 * timeout of its beginning has {@code expired} run on the connection's event loop, given the
 * context the head began on. One check at a time watches, re-armed for what is left rather than
 * scheduled per head.
 */
final class HeadTimer {
    private final long timeoutMillis;
    private final Consumer<ChannelHandlerContext> expired;
    /** When the head being read began ({@link System#nanoTime}), or -1 between heads. */
    private long started = -1;
    private @Nullable ScheduledFuture<?> check;

    HeadTimer(long timeoutMillis, Consumer<ChannelHandlerContext> expired) {
        this.timeoutMillis = timeoutMillis;
        this.expired = expired;
    }

    /** A head begins, unless one already has. */
    void begin(ChannelHandlerContext context) {
        if (started >= 0) {
            return;
        }
        started = System.nanoTime();
        if (check == null) {
            watch(context, timeoutMillis);
        }
    }

    /** The head has ended. */
    void end() {
        started = -1;
    }

    /** Nothing more is timed on this connection. */
    void stop() {
        started = -1;
        if (check != null) {
            check.cancel(false);
        }
    }

    private void watch(ChannelHandlerContext context, long millis) {
        check = context.executor().schedule(() -> checkHead(context), millis, TimeUnit.MILLISECONDS);
    }

    private void checkHead(ChannelHandlerContext context) {
        check = null;
        if (started < 0) {
            return;
        }
        long left = timeoutMillis - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        if (left > 0) {
            watch(context, left);
            return;
        }
        started = -1;
        expired.accept(context);
    }
}
