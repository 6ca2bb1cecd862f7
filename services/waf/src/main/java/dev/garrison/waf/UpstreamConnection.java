package dev.garrison.waf;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.net.URI;
import org.jspecify.annotations.Nullable;

/**
 * The proxy's end of one kept-alive connection to a target: it carries one exchange at a time,
 * handing the answer to that exchange's receiver, and waits in its loop's pool between exchanges.
 * A connection silent for the upstream timeout is closed, which fails the exchange on it as silent;
 * one whose answer cannot be read is closed too.
 */
final class UpstreamConnection extends ChannelInboundHandlerAdapter {
    final URI target;
    /** The count of connections to the target this one is in. */
    final TargetSlots slots;
    private final Upstreams upstreams;
    private @Nullable UpstreamReceiver receiver;
    private boolean silent;
    /** Whether the connection carried an exchange before. */
    private boolean used;
    private @Nullable Channel channel;

    UpstreamConnection(URI target, TargetSlots slots, Upstreams upstreams) {
        this.target = target;
        this.slots = slots;
        this.upstreams = upstreams;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        channel = context.channel();
    }

    /** Gives the connection's next answer to {@code next}; true when it carried an exchange before. */
    boolean carry(UpstreamReceiver next) {
        receiver = next;
        boolean reused = used;
        used = true;
        return reused;
    }

    /** Puts the connection back in its loop's pool once its exchange is complete. */
    void release() {
        receiver = null;
        Channel own = channel;
        if (own != null) {
            own.config().setAutoRead(true); // its answer may have paused it for a slow client: idle, it must hear a close
            upstreams.release(own, this);
        }
    }

    /** Closes the connection, its exchange abandoned: nobody is told. */
    void abandon() {
        receiver = null;
        if (channel != null) {
            channel.close();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
        UpstreamReceiver to = receiver;
        if (to == null) {
            ReferenceCountUtil.release(message); // an answer nobody asked for: the connection is not to be trusted
            context.close();
        } else if (message instanceof HttpObject read && read.decoderResult().isFailure()) {
            ReferenceCountUtil.release(message);
            receiver = null;
            context.close();
            to.failed(UpstreamReceiver.Failure.UNREADABLE);
        } else if (message instanceof HttpResponse head) {
            to.head(head);
            if (message instanceof HttpContent content) {
                to.content(content);
            }
        } else if (message instanceof HttpContent content) {
            to.content(content);
        } else {
            ReferenceCountUtil.release(message);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext context) {
        if (receiver != null) {
            receiver.readComplete();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext context) {
        if (receiver != null) {
            receiver.writable(context.channel().isWritable());
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext context, Object event) {
        if (event instanceof IdleStateEvent) {
            silent = true;
            context.close();
        } else {
            context.fireUserEventTriggered(event);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        upstreams.forget(context.channel(), this);
        UpstreamReceiver to = receiver;
        receiver = null;
        if (to != null) {
            to.failed(silent ? UpstreamReceiver.Failure.SILENT : UpstreamReceiver.Failure.CLOSED);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        context.close();
    }
}
