package dev.garrison.waf;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AttributeKey;
import java.util.Arrays;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLEngine;

/**
 * An {@link SslHandler} that also reads the client's ClientHello as it passes, and leaves its
 * JA3 and JA4 fingerprints on the channel for the rules that inspect them. It only looks: every
 * byte goes on to TLS unchanged, and it stops looking once the hello is read or 16 KB have passed.
 */
final class FingerprintingSslHandler extends SslHandler {
    static final AttributeKey<TlsFingerprint> FINGERPRINT = AttributeKey.valueOf("garrison-tls-fingerprint");
    private static final int LIMIT = 16 * 1024;

    private byte[] seen = new byte[0];
    private boolean done;

    FingerprintingSslHandler(SSLEngine engine, boolean startTls, Executor executor) {
        super(engine, startTls, executor);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (!done && msg instanceof ByteBuf in) {
            observe(ctx, in);
        }
        super.channelRead(ctx, msg);
    }

    private void observe(ChannelHandlerContext ctx, ByteBuf in) {
        int length = Math.min(in.readableBytes(), LIMIT - seen.length);
        int start = seen.length;
        seen = Arrays.copyOf(seen, start + length);
        in.getBytes(in.readerIndex(), seen, start, length);
        ClientHelloRecords.Result result = ClientHelloRecords.read(seen, seen.length);
        if (result instanceof ClientHelloRecords.Hello hello) {
            TlsFingerprint fingerprint = TlsFingerprint.of(hello.body());
            if (fingerprint != null) {
                ctx.channel().attr(FINGERPRINT).set(fingerprint);
            }
        }
        if (!(result instanceof ClientHelloRecords.Incomplete) || seen.length >= LIMIT) {
            done = true;
            seen = null;
        }
    }
}
