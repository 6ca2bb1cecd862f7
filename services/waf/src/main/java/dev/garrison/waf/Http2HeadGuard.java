package dev.garrison.waf;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.DefaultHttp2GoAwayFrame;
import io.netty.handler.codec.http2.Http2Error;

/**
 * Reads the frames of an HTTP/2 connection as they arrive, before the HTTP/2 codec does, for its
 * request heads alone: a header block (a HEADERS frame and its CONTINUATION frames) must end within
 * the header timeout of its first frame, and while it arrives its bytes count against the load
 * balancers' {@link HeadBudget}. A client that trickles a header block, one CONTINUATION frame at a
 * time, keeps the connection busy enough that the idle timeout never closes it; such a connection,
 * and one whose block would take the budget past its limit, is sent a GOAWAY and closed. The frames
 * pass on unchanged.
 */
final class Http2HeadGuard extends ChannelInboundHandlerAdapter {
    /** The client's connection preface, {@code PRI * HTTP/2.0...}, which comes before its first frame. */
    private static final int PREFACE = 24;
    private static final int FRAME_HEADER = 9;
    private static final int HEADERS = 0x1;
    private static final int PUSH_PROMISE = 0x5;
    private static final int CONTINUATION = 0x9;
    private static final int END_HEADERS = 0x4;

    private final HeadBudget.Share heads;
    private final HeadTimer timer;
    private int prefaceLeft = PREFACE;
    /** The frame header being read. */
    private final byte[] header = new byte[FRAME_HEADER];
    private int headerRead;
    /** The payload bytes of the current frame still to come. */
    private int payloadLeft;
    /** Whether the current frame is part of a header block. */
    private boolean blockFrame;
    /** Whether a header block has begun and not ended. */
    private boolean inBlock;
    /** The bytes of the open header block's frames so far, frame headers counted. */
    private int blockBytes;
    private boolean closed;

    Http2HeadGuard(long headerTimeoutMillis, HeadBudget budget) {
        this.heads = budget.share();
        this.timer = new HeadTimer(headerTimeoutMillis, this::close);
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
        if (!(message instanceof ByteBuf in) || closed) {
            if (closed) {
                io.netty.util.ReferenceCountUtil.release(message);
            } else {
                context.fireChannelRead(message);
            }
            return;
        }
        int i = in.readerIndex();
        int end = in.writerIndex();
        while (i < end) {
            if (prefaceLeft > 0) {
                int take = Math.min(prefaceLeft, end - i);
                prefaceLeft -= take;
                i += take;
            } else if (headerRead < FRAME_HEADER) {
                header[headerRead++] = in.getByte(i++);
                if (headerRead == FRAME_HEADER) {
                    frameHeader(context);
                }
            } else {
                int take = Math.min(payloadLeft, end - i);
                payloadLeft -= take;
                i += take;
                if (blockFrame) {
                    blockBytes += take;
                }
                if (payloadLeft == 0) {
                    frameEnd();
                }
            }
        }
        if (heads.hold(inBlock ? blockBytes : 0)) {
            context.fireChannelRead(in);
            return;
        }
        in.release();
        close(context);
    }

    private void frameHeader(ChannelHandlerContext context) {
        payloadLeft = (header[0] & 0xff) << 16 | (header[1] & 0xff) << 8 | header[2] & 0xff;
        int type = header[3] & 0xff;
        blockFrame = type == HEADERS || type == PUSH_PROMISE || type == CONTINUATION && inBlock;
        if (blockFrame) {
            if (!inBlock) {
                inBlock = true;
                blockBytes = 0;
                timer.begin(context);
            }
            blockBytes += FRAME_HEADER;
        }
        if (payloadLeft == 0) {
            frameEnd();
        }
    }

    private void frameEnd() {
        headerRead = 0;
        if (blockFrame && (header[4] & END_HEADERS) != 0) {
            inBlock = false;
            blockBytes = 0;
            timer.end();
        }
        blockFrame = false;
    }

    /**
     * A header block too slow, or too much for the budget: the client is told ENHANCE_YOUR_CALM in a
     * GOAWAY, written through the codec, and the connection closed.
     */
    private void close(ChannelHandlerContext context) {
        closed = true;
        heads.release();
        timer.stop();
        context.channel().writeAndFlush(new DefaultHttp2GoAwayFrame(Http2Error.ENHANCE_YOUR_CALM))
                .addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext context) {
        timer.stop();
        heads.release();
    }
}
