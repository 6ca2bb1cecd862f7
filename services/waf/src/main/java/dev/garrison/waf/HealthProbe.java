package dev.garrison.waf;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * One active health check of one target: a GET of the group's health check path on a pooled
 * connection, healthy when answered 200-399 within the check's timeout, as an ALB's checks are.
 */
final class HealthProbe implements UpstreamReceiver {
    static final int TIMEOUT_SECONDS = 5;

    private final Consumer<TargetPool.Health> outcome;
    private @Nullable UpstreamConnection carrier;
    private @Nullable ScheduledFuture<?> timeout;
    private int status;
    private boolean keepAlive;
    private boolean done;

    private HealthProbe(Consumer<TargetPool.Health> outcome) {
        this.outcome = outcome;
    }

    /** Checks {@code target} on {@code loop}, from that loop, and tells {@code outcome} how it went. */
    static void check(EventLoop loop, Upstreams upstreams, URI target, String path, Consumer<TargetPool.Health> outcome) {
        HealthProbe probe = new HealthProbe(outcome);
        probe.timeout = loop.schedule(() -> probe.end(TargetPool.Health.UNHEALTHY, false), TIMEOUT_SECONDS, TimeUnit.SECONDS);
        upstreams.acquire(loop, target, false, 0, (channel, failure) -> {
            if (channel == null) {
                probe.end(TargetPool.Health.UNHEALTHY, false);
            } else {
                probe.send(channel, target, path);
            }
        });
    }

    private void send(Channel channel, URI target, String path) {
        UpstreamConnection connection = channel.pipeline().get(UpstreamConnection.class);
        if (done) {
            connection.release();
            return;
        }
        carrier = connection;
        connection.carry(this);
        DefaultHttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, path);
        request.headers().set(HttpHeaderNames.HOST, target.getHost() + ":" + Upstreams.port(target))
                .set(HttpHeaderNames.USER_AGENT, "ELB-HealthChecker/2.0");
        channel.write(request);
        channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
    }

    @Override
    public void head(HttpResponse head) {
        status = head.status().code();
        keepAlive = HttpUtil.isKeepAlive(head);
    }

    @Override
    public void content(HttpContent content) {
        boolean last = content instanceof LastHttpContent;
        content.release();
        if (last && status >= 200) {
            end(status < 400 ? TargetPool.Health.HEALTHY : TargetPool.Health.UNHEALTHY, keepAlive);
        }
    }

    @Override
    public void readComplete() {
    }

    @Override
    public void writable(boolean writable) {
    }

    @Override
    public void failed(Failure why) {
        carrier = null;
        end(TargetPool.Health.UNHEALTHY, false);
    }

    /** Reports the outcome once; the connection goes back to the pool only after a complete, kept-alive answer. */
    private void end(TargetPool.Health health, boolean reusable) {
        if (done) {
            return;
        }
        done = true;
        if (timeout != null) {
            timeout.cancel(false);
        }
        UpstreamConnection connection = carrier;
        carrier = null;
        if (connection != null) {
            if (reusable) {
                connection.release();
            } else {
                connection.abandon();
            }
        }
        outcome.accept(health);
    }
}
