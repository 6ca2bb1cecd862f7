package dev.garrison.waf;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.HttpConversionUtil;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The client side of one connection, or of one HTTP/2 stream: it takes the requests read from it
 * one at a time, in order, as {@link Exchange}s the listener handles. Requests a client sends
 * before the answer to the previous one (HTTP/1.1 pipelining) wait, and reading stops meanwhile.
 */
final class ClientConnection extends ChannelInboundHandlerAdapter {
    /** Sent down a connection's pipeline when its listener shuts down: an idle connection closes. */
    static final Object DRAIN = new Object();

    private final ProxyServer server;
    private final boolean http2;
    private final ArrayDeque<Object> waiting = new ArrayDeque<>();
    private @Nullable Channel channel;
    private @Nullable Exchange current;
    private boolean dispatching;
    /** Whether a read from the client is being handled: its end flushes what went to the target meanwhile. */
    private boolean inRead;
    /** The client's address, as text and as bytes; the port it connected to. */
    private String clientIp = "";
    private byte[] clientAddress = new byte[4];
    private String localPort = "";

    ClientConnection(ProxyServer server, boolean http2) {
        this.server = server;
        this.http2 = http2;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        channel = context.channel();
        Channel connection = channel instanceof Http2StreamChannel stream ? stream.parent() : channel;
        if (connection.remoteAddress() instanceof InetSocketAddress remote) {
            clientIp = remote.getAddress().getHostAddress();
            clientAddress = remote.getAddress().getAddress();
        }
        if (connection.localAddress() instanceof InetSocketAddress local) {
            localPort = Integer.toString(local.getPort());
        }
    }

    String clientIp() {
        return clientIp;
    }

    byte[] clientAddress() {
        return clientAddress;
    }

    /** The port the client connected to, as {@code X-Forwarded-Port} gives it. */
    String localPortText() {
        return localPort;
    }

    /** The TCP connection under this one (the same, but for an HTTP/2 stream). */
    Channel connection() {
        Channel own = channel();
        return own instanceof Http2StreamChannel stream ? stream.parent() : own;
    }

    /** Whether the client connected with TLS. */
    boolean secure() {
        return connection().pipeline().get(SslHandler.class) != null;
    }

    private Channel channel() {
        if (channel == null) {
            throw new IllegalStateException("not yet in a pipeline");
        }
        return channel;
    }

    boolean draining() {
        return server.draining();
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
        inRead = true;
        if (!waiting.isEmpty() || message instanceof HttpRequest && current != null) {
            waiting.add(message);
            reading();
            return;
        }
        dispatch(message);
    }

    private void dispatch(Object message) {
        if (message instanceof HttpRequest head) {
            start(head);
        } else if (message instanceof HttpContent content && current != null && current.receiving()) {
            current.requestContent(content);
        } else {
            ReferenceCountUtil.release(message); // the rest of a body whose request was answered without it
        }
    }

    private void start(HttpRequest message) {
        if (message.decoderResult().isFailure()) {
            ReferenceCountUtil.release(message);
            refuse(message.decoderResult().cause());
            return;
        }
        HttpRequest head = message;
        if (head.protocolVersion().majorVersion() == 1 && head.protocolVersion().minorVersion() > 1) {
            // a later HTTP/1 is read, and answered, as the latest this proxy speaks (RFC 9110 2.5)
            head.setProtocolVersion(HttpVersion.HTTP_1_1);
        }
        HttpContent body = null;
        if (message instanceof FullHttpRequest full) {
            // an HTTP/2 request whose headers ended the stream: its head and its (empty) end apart
            head = new DefaultHttpRequest(full.protocolVersion(), full.method(), full.uri(), full.headers());
            body = new DefaultLastHttpContent(full.content(), full.trailingHeaders());
        }
        if (http2) {
            for (HttpConversionUtil.ExtensionHeaderNames name : HttpConversionUtil.ExtensionHeaderNames.values()) {
                head.headers().remove(name.text());
            }
            // the :authority arrives as a Host beside any Host the client sent: one name, or the request is malformed
            // (RFC 9113 8.3.1), since a web ACL could read one host and the target another
            List<String> hosts = head.headers().getAll(HttpHeaderNames.HOST);
            if (hosts.size() > 1) {
                if (hosts.stream().distinct().count() > 1) {
                    ReferenceCountUtil.release(body);
                    refuse(HttpResponseStatus.BAD_REQUEST);
                    return;
                }
                head.headers().set(HttpHeaderNames.HOST, hosts.getFirst());
            }
        }
        Exchange exchange = new Exchange(this, channel(), head, http2);
        current = exchange;
        server.started();
        server.listener().handle(exchange);
        if (body != null) {
            dispatch(body);
        }
        reading();
    }

    /** A request the HTTP decoder could not read: a line or header section too long, or malformed. */
    private void refuse(Throwable cause) {
        refuse(cause instanceof TooLongFrameException
                ? cause.getMessage() != null && cause.getMessage().contains("header")
                        ? HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE : HttpResponseStatus.REQUEST_URI_TOO_LONG
                : HttpResponseStatus.BAD_REQUEST);
    }

    /** A request refused with {@code status} before anything else is done with it. */
    private void refuse(HttpResponseStatus status) {
        Exchange exchange = new Exchange(this, channel(), new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/"), http2);
        current = exchange;
        server.started();
        exchange.respond(status, status.reasonPhrase(), true);
    }

    /** Reads from the client while nothing waits and the exchange in hand can take its body. */
    void reading() {
        Exchange exchange = current;
        channel().config().setAutoRead(waiting.isEmpty() && (exchange == null || exchange.wantsBody()));
    }

    /**
     * An exchange has written the end of its answer: the connection serves the next request if
     * {@code keep}, or closes once the answer is out.
     */
    void finished(Exchange exchange, ChannelFuture written, boolean keep) {
        ended(exchange);
        if (http2) {
            if (!exchange.bodyComplete()) {
                written.addListener(ChannelFutureListener.CLOSE); // the stream is reset: the rest of its body is not wanted
            }
            return;
        }
        if (!keep || server.draining()) {
            written.addListener(ChannelFutureListener.CLOSE);
            return;
        }
        drain();
        reading();
    }

    /** An exchange is over without the connection going on to another request (it closes or switched protocol). */
    void ended(Exchange exchange) {
        if (current == exchange) {
            current = null;
            server.ended();
        }
    }

    /** Takes the requests that waited, in order, until one of them is in hand. */
    private void drain() {
        if (dispatching) {
            return;
        }
        dispatching = true;
        try {
            Object message;
            while ((message = waiting.peek()) != null && !(message instanceof HttpRequest && current != null)) {
                waiting.poll();
                dispatch(message);
            }
        } finally {
            dispatching = false;
        }
    }

    /** The client and a target now speak another protocol through {@code tunnel}: HTTP handling leaves the connection. */
    void switchTo(Tunnel tunnel) {
        ChannelPipeline pipeline = channel().pipeline();
        Tunnel.idleEitherWay(pipeline);
        pipeline.addLast(tunnel);
        pipeline.remove(this);
        pipeline.remove(HttpServerExpectContinueHandler.class);
        pipeline.remove(HttpServerCodec.class);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext context) {
        inRead = false;
        if (current != null) {
            current.clientReadComplete();
        }
    }

    /**
     * Whether a read from the client is being handled: what an exchange writes to its target now
     * goes out when the read ends, so a head and a body that arrived together leave in one write.
     */
    boolean inRead() {
        return inRead;
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext context) {
        if (current != null) {
            current.clientWritable(context.channel().isWritable());
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext context) {
        Object message;
        while ((message = waiting.poll()) != null) {
            ReferenceCountUtil.release(message);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        if (current != null) {
            current.clientGone();
        }
        context.fireChannelInactive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext context, Object event) {
        if (event instanceof IdleStateEvent || event == DRAIN) {
            if (current == null) {
                context.close();
            }
        } else {
            context.fireUserEventTriggered(event);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        context.close();
    }
}
