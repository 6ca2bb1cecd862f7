package dev.garrison.waf;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import io.netty.handler.codec.http2.DefaultHttp2GoAwayFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * One listener's socket and the connections it accepts, spread over the data plane's event loops.
 * Each connection gets its pipeline here: TLS with ALPN on an HTTPS listener; for HTTP/1 the
 * {@link FramingGuard} in front of the HTTP decoder; for HTTP/2 a stream channel per request.
 */
final class ProxyServer {
    /** How many requests one HTTP/2 connection may have open at once, as on an ALB. */
    private static final int MAX_STREAMS = 128;

    private final LoadBalancerSpec.Listener spec;
    private final ProxyListener listener;
    private final ProxySettings settings;
    private final ConnectionLimits limits;
    private final HeadBudget heads;
    private final @Nullable SslContext tls;
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean draining;
    private @Nullable Channel socket;

    ProxyServer(LoadBalancerSpec.Listener spec, ProxyListener listener, ProxySettings settings, ConnectionLimits limits,
            HeadBudget heads, @Nullable SslContext tls) {
        this.spec = spec;
        this.listener = listener;
        this.settings = settings;
        this.limits = limits;
        this.heads = heads;
        this.tls = tls;
    }

    /** Listens on the listener's address; gives the port bound. */
    int start(EventLoopGroup loops) throws InterruptedException {
        Channel bound = new ServerBootstrap().group(loops).channel(Transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        accept(channel);
                    }
                })
                .bind(spec.host(), spec.port()).sync().channel();
        socket = bound;
        return ((InetSocketAddress) bound.localAddress()).getPort();
    }

    ProxyListener listener() {
        return listener;
    }

    boolean draining() {
        return draining;
    }

    void started() {
        inFlight.incrementAndGet();
    }

    void ended() {
        inFlight.decrementAndGet();
    }

    private void accept(Channel channel) {
        String client = ((InetSocketAddress) channel.remoteAddress()).getAddress().getHostAddress();
        if (draining || !limits.admit(client)) {
            channel.close();
            return;
        }
        channel.closeFuture().addListener(closed -> limits.release(client));
        connections.add(channel);
        if (tls == null) {
            http1(channel.pipeline());
            return;
        }
        channel.pipeline().addLast(tls.newHandler(channel.alloc()), new ApplicationProtocolNegotiationHandler(
                ApplicationProtocolNames.HTTP_1_1) {
            @Override
            protected void configurePipeline(ChannelHandlerContext context, String protocol) {
                if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
                    http2(context.pipeline());
                } else {
                    http1(context.pipeline());
                }
            }

            @Override
            protected void handshakeFailure(ChannelHandlerContext context, Throwable cause) {
                context.close(); // a client that cannot agree on TLS: nothing to log per connection
            }
        });
    }

    private void http1(ChannelPipeline pipeline) {
        // the framing guard has refused every header name that is not a token, and every head beyond its
        // limits on size: the decoder need not check again, its own limits (a little above) are never reached
        HttpDecoderConfig decoding = new HttpDecoderConfig().setMaxInitialLineLength(17 * 1024).setMaxHeaderSize(68 * 1024)
                .setMaxChunkSize(8 * 1024).setHeadersFactory(DefaultHttpHeadersFactory.headersFactory().withNameValidation(false));
        pipeline.addLast(new FramingGuard(settings.headerTimeoutSeconds() * 1000L, heads), new HttpServerCodec(decoding),
                new HttpServerExpectContinueHandler(), idle(), new ClientConnection(this, false));
    }

    /** A client connection silent for the idle timeout between requests is closed, as on an ALB. */
    private IdleStateHandler idle() {
        return new IdleStateHandler(settings.upstreamTimeoutMillis(), 0, 0, TimeUnit.MILLISECONDS);
    }

    private void http2(ChannelPipeline pipeline) {
        // request heads no larger than HTTP/1's
        Http2FrameCodec frames = Http2FrameCodecBuilder.forServer()
                .initialSettings(Http2Settings.defaultSettings().maxConcurrentStreams(MAX_STREAMS).maxHeaderListSize(64 * 1024)).build();
        pipeline.addLast(new Http2HeadGuard(settings.headerTimeoutSeconds() * 1000L, heads), idle(), frames,
                new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
                    @Override
                    protected void initChannel(Http2StreamChannel stream) {
                        stream.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(true, false),
                                new HttpServerExpectContinueHandler(), new ClientConnection(ProxyServer.this, true));
                    }
                }),
                new ChannelInboundHandlerAdapter() {
                    // an HTTP/2 connection closes when idle, or on shutdown, once no stream is open
                    @Override
                    public void userEventTriggered(ChannelHandlerContext context, Object event) {
                        if (!(event instanceof IdleStateEvent) && event != ClientConnection.DRAIN) {
                            context.fireUserEventTriggered(event);
                        } else if (frames.connection().numActiveStreams() == 0) {
                            context.close();
                        } else if (event == ClientConnection.DRAIN) {
                            context.writeAndFlush(new DefaultHttp2GoAwayFrame(Http2Error.NO_ERROR));
                        }
                    }
                });
    }

    /** Stops accepting, lets in-flight requests finish for up to {@code seconds}, then closes every connection. */
    void shutdown(int seconds) throws InterruptedException {
        draining = true;
        if (socket != null) {
            socket.close().sync();
        }
        for (Channel connection : connections) {
            connection.eventLoop().execute(() -> connection.pipeline().fireUserEventTriggered(ClientConnection.DRAIN));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        connections.close().await(5, TimeUnit.SECONDS);
    }
}
