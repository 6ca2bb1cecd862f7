package dev.garrison.waf;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/**
 * One direction's end of a switched connection (a WebSocket): the bytes read on its channel are
 * written to the peer as they are, reading pauses while the peer cannot take more, and either
 * side closing, or staying silent for its idle timeout, closes the other once what it sent is out.
 */
final class Tunnel extends ChannelInboundHandlerAdapter {
    private final Channel peer;

    Tunnel(Channel peer) {
        this.peer = peer;
    }

    /**
     * Makes the idle timeout of a connection joining a tunnel count silence both ways, as ALB's
     * does: a WebSocket whose server alone speaks is not idle. (Between a client's requests, only
     * its silence counts.)
     */
    static void idleEitherWay(ChannelPipeline pipeline) {
        IdleStateHandler idle = pipeline.get(IdleStateHandler.class);
        if (idle != null && idle.getAllIdleTimeInMillis() == 0) {
            pipeline.replace(idle, null, new IdleStateHandler(0, 0, idle.getReaderIdleTimeInMillis(), TimeUnit.MILLISECONDS));
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
        peer.write(message);
        if (!peer.isWritable()) {
            context.channel().config().setAutoRead(false);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext context) {
        peer.flush();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext context) {
        peer.config().setAutoRead(context.channel().isWritable());
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext context, Object event) {
        if (event instanceof IdleStateEvent) {
            context.close();
        } else {
            context.fireUserEventTriggered(event);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        context.close();
    }
}
