package dev.garrison.waf;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;
import io.vertx.core.net.impl.ConnectionBase;
import java.util.List;
import java.util.Map;

/**
 * Vert.x's HTTP/1 request decoder, except that a request with both Content-Length and
 * Transfer-Encoding: chunked is refused (400, connection closed) instead of being read as chunked
 * with the connection kept open, which is what lets a smuggled request ride behind it (RFC 9112,
 * section 6.1). Vert.x offers no option for this, so the listener swaps the decoder of each new
 * HTTP/1 connection for this one; that uses Vert.x's internal classes, pinned by the BOM's version.
 */
final class StrictRequestDecoder extends VertxHttpRequestDecoder {
    /** Set once a request is refused: nothing after it on the connection is read, since its end cannot be known. */
    private boolean refused;

    StrictRequestDecoder(HttpServerOptions options) {
        super(options);
    }

    @Override
    protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
        refused = true;
        message.setDecoderResult(DecoderResult.failure(
                new IllegalArgumentException("Content-Length and Transfer-Encoding together")));
    }

    @Override
    protected void decode(ChannelHandlerContext context, ByteBuf in, List<Object> out) throws Exception {
        if (refused) {
            in.skipBytes(in.readableBytes());
            return;
        }
        int before = out.size();
        super.decode(context, in, out);
        if (refused) {
            for (int i = out.size() - 1; i >= before; i--) {
                if (out.get(i) instanceof HttpMessage message && message.decoderResult().isFailure()) {
                    break;
                }
                ReferenceCountUtil.release(out.remove(i));
            }
            in.skipBytes(in.readableBytes());
        }
    }

    /** Replaces the decoder of a new HTTP/1 connection; HTTP/2 connections have no such ambiguity and are left alone. */
    static void install(HttpConnection connection, HttpServerOptions options) {
        if (!(connection instanceof ConnectionBase base)) {
            return;
        }
        ChannelPipeline pipeline = base.channel().pipeline();
        for (Map.Entry<String, ChannelHandler> handler : pipeline.toMap().entrySet()) {
            if (handler.getValue().getClass() == VertxHttpRequestDecoder.class) {
                pipeline.replace(handler.getKey(), handler.getKey(), new StrictRequestDecoder(options));
                return;
            }
        }
    }
}
