package dev.garrison.waf;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import org.jspecify.annotations.Nullable;

/**
 * One request on a client connection (or one HTTP/2 stream) and its answer. It holds the start of
 * the body while the web ACL decides, then either answers itself (a block, an interstitial, an
 * error) or forwards the request to a target with one framing and relays the target's answer,
 * streaming both bodies with backpressure: the side that cannot take more stops the other's reading.
 * Everything about it happens on its client connection's event loop.
 */
final class Exchange implements UpstreamReceiver {
    /** Headers built by the proxy: their names come from a validated message or from the proxy itself. */
    static final HttpHeadersFactory HEADERS = DefaultHttpHeadersFactory.headersFactory().withValidation(false);
    /** How much of a body may wait while the connection to the target is being made. */
    private static final int MAX_WAITING_BYTES = 64 * 1024;

    final HttpRequest head;
    final ClientConnection connection;
    private final Channel client;
    /** The request's target in origin form: what is forwarded. */
    final String uri;
    /** Whether the request declares no body at all. */
    final boolean bodiless;
    /** Whether the request asks to switch to WebSocket. */
    private final boolean upgrade;
    private final boolean http2;
    /** Whether the connection may carry further requests after this one (HTTP/1). */
    private boolean keepAlive;

    /** The body's pieces held while the web ACL decides or a connection is made: usually one or two. */
    private final ArrayDeque<HttpContent> held = new ArrayDeque<>(2);
    private int heldBytes;
    private boolean lastArrived;
    private int holdLimit;
    private @Nullable Runnable whenHeld;
    private boolean discarding;

    private @Nullable Channel upstream;
    private @Nullable UpstreamConnection upstreamConnection;
    private boolean upstreamWritable = true;
    private boolean requestSent;
    /** Whether the target keeps its connection open after the answer. */
    private boolean upstreamKeepAlive;
    private boolean informational;

    /**
     * Where the request went and as what, while it may be sent once more: it is idempotent, went on
     * a connection that carried an exchange before, no answer has begun and no more than
     * {@link #MAX_WAITING_BYTES} of its body went. A target closes a
     * kept-alive connection when it has been idle for its own timeout, and a request can cross that
     * close on the wire; like nginx, the proxy then sends an idempotent request again on a new
     * connection rather than answering 502.
     */
    private @Nullable Route replay;
    /** The body as it was sent, kept for {@link #replay}. */
    private final ArrayDeque<HttpContent> sentBody = new ArrayDeque<>(0);
    private int sentBytes;
    private boolean replayed;

    private boolean answered;
    private boolean done;

    /** The upstreams, target and head a request was forwarded with. */
    private record Route(Upstreams upstreams, URI target, int cap, HttpRequest outgoing) {}

    Exchange(ClientConnection connection, Channel client, HttpRequest head, boolean http2) {
        this.connection = connection;
        this.client = client;
        this.head = head;
        this.http2 = http2;
        String target = head.uri();
        HttpHeaders headers = head.headers();
        if (target.regionMatches(true, 0, "http://", 0, 7) || target.regionMatches(true, 0, "https://", 0, 8)) {
            // absolute form (GET http://host/path): forwarded in origin form, and it names its host there,
            // whatever its Host says (RFC 9112 3.2.2): the web ACL and the target both read that one
            int start = target.indexOf("//") + 2;
            int end = start;
            while (end < target.length() && target.charAt(end) != '/' && target.charAt(end) != '?') {
                end++;
            }
            this.uri = end == target.length() ? "/" : target.charAt(end) == '?' ? "/" + target.substring(end) : target.substring(end);
            int at = target.lastIndexOf('@', end - 1);
            String named = target.substring(at < start ? start : at + 1, end); // without user info
            if (!named.isEmpty()) {
                headers.set(HttpHeaderNames.HOST, named);
            }
        } else {
            this.uri = target;
        }
        String length = headers.get(HttpHeaderNames.CONTENT_LENGTH);
        this.bodiless = length != null ? length.strip().equals("0") : !headers.contains(HttpHeaderNames.TRANSFER_ENCODING);
        this.upgrade = !http2 && head.protocolVersion() == HttpVersion.HTTP_1_1 && head.method() == HttpMethod.GET
                && "websocket".equalsIgnoreCase(headers.get(HttpHeaderNames.UPGRADE)) && HopByHop.of(headers).lists("upgrade");
        // after a protocol switch is asked for, the connection's bytes are no longer read as HTTP: it ends with this exchange
        this.keepAlive = http2 || !upgrade && HttpUtil.isKeepAlive(head);
    }

    /**
     * The request target as it goes to the target: the bytes received. The HTTP codecs read a
     * request line as ISO-8859-1 but write one as UTF-8, so a target with bytes beyond ASCII is
     * given as the UTF-8 text those bytes spell; null when they spell none (the request is refused).
     */
    @Nullable String wireUri() {
        for (int i = 0; i < uri.length(); i++) {
            if (uri.charAt(i) > 0x7f) {
                try {
                    return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(uri.getBytes(StandardCharsets.ISO_8859_1)))
                            .toString();
                } catch (java.nio.charset.CharacterCodingException e) {
                    return null;
                }
            }
        }
        return uri;
    }

    boolean http2() {
        return http2;
    }

    boolean upgrade() {
        return upgrade;
    }

    /** The request's path, as received. */
    String path() {
        int q = uri.indexOf('?');
        return q < 0 ? uri : uri.substring(0, q);
    }

    /** The request's query string, as received, without its {@code ?}. */
    String query() {
        int q = uri.indexOf('?');
        return q < 0 ? "" : uri.substring(q + 1);
    }

    /** The host the request names, without its port, lowercased; empty when it names none. */
    String host() {
        String authority = head.headers().get(HttpHeaderNames.HOST); // which an absolute-form target has set
        if (authority == null) {
            return "";
        }
        int colon = authority.startsWith("[") ? authority.indexOf(':', authority.indexOf(']')) : authority.lastIndexOf(':');
        return (colon < 0 ? authority : authority.substring(0, colon)).strip().toLowerCase(java.util.Locale.ROOT);
    }

    /** The body's declared length, -1 when it has none (chunked, or HTTP/2 without one). */
    long declaredLength() {
        String length = head.headers().get(HttpHeaderNames.CONTENT_LENGTH);
        return length == null ? -1 : Long.parseLong(length.strip());
    }

    /** Whether all of the body has arrived. */
    boolean bodyComplete() {
        return lastArrived || bodiless;
    }

    /** Whether parts of this request's body are still to come from the client. */
    boolean receiving() {
        return !lastArrived;
    }

    /** Whether the client's connection should be read for this exchange now. */
    boolean wantsBody() {
        if (!receiving() || discarding || whenHeld != null) {
            return true;
        }
        return upstream == null ? heldBytes < MAX_WAITING_BYTES : upstreamWritable;
    }

    /** Runs {@code then} once {@code bytes} of the body are held, or all of it if it is shorter. */
    void hold(int bytes, Runnable then) {
        if (bodyComplete() || heldBytes >= bytes) {
            then.run();
            return;
        }
        holdLimit = bytes;
        whenHeld = then;
        connection.reading();
    }

    /** The first {@code limit} bytes of the body held so far. */
    byte[] held(int limit) {
        int length = Math.min(limit, heldBytes);
        byte[] bytes = new byte[length];
        copyHeld(bytes, length);
        return bytes;
    }

    /** The first {@code limit} bytes of the body held so far, one char per byte. */
    String heldText(int limit) {
        int length = Math.min(limit, heldBytes);
        byte[] bytes = Scratch.bytes(length);
        copyHeld(bytes, length);
        return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
    }

    private void copyHeld(byte[] into, int length) {
        int at = 0;
        for (HttpContent content : held) {
            if (at == length) {
                break;
            }
            ByteBuf bytes = content.content();
            int take = Math.min(bytes.readableBytes(), length - at);
            bytes.getBytes(bytes.readerIndex(), into, at, take);
            at += take;
        }
    }

    /** How many bytes of the body are held. */
    int heldBytes() {
        return heldBytes;
    }

    /** A piece of the request's body from the client; the exchange owns it. */
    void requestContent(HttpContent content) {
        boolean last = content instanceof LastHttpContent;
        lastArrived |= last;
        if (discarding || done || bodiless) {
            content.release(); // a bodiless request's end was sent with its head
            return;
        }
        Channel to = upstream;
        if (to != null) {
            keepForReplay(content);
            to.write(content);
            if (last) {
                requestSent = true;
                flushUnlessReading(to);
            } else if (!to.isWritable()) {
                upstreamWritable = false;
                connection.reading();
            }
            return;
        }
        held.add(content);
        heldBytes += content.content().readableBytes();
        if (whenHeld != null && (heldBytes >= holdLimit || last)) {
            Runnable then = whenHeld;
            whenHeld = null;
            then.run();
        }
        connection.reading();
    }

    /** The client's connection has read all it had for now: what went upstream goes out. */
    void clientReadComplete() {
        if (upstream != null) {
            upstream.flush();
        }
    }

    /** The client's connection can take writes again, or cannot for now: the answer's reading follows. */
    void clientWritable(boolean writable) {
        if (upstream != null) {
            upstream.config().setAutoRead(writable);
        }
    }

    /**
     * Sends the request, with {@code outgoing} as its head, to {@code target} on a pooled or new
     * connection (at most {@code cap} open to it, 0 for no cap), followed by its body as it
     * arrives; the answer comes back to this exchange.
     */
    void forward(Upstreams upstreams, URI target, int cap, HttpRequest outgoing) {
        send(new Route(upstreams, target, cap, outgoing), false);
    }

    private void send(Route route, boolean fresh) {
        route.upstreams().acquire(client.eventLoop(), route.target(), fresh, route.cap(), (channel, failure) -> {
            if (channel == null) {
                unreachable(failure);
                return;
            }
            UpstreamConnection carrier = channel.pipeline().get(UpstreamConnection.class);
            if (done) {
                carrier.release(); // the client went away meanwhile: the connection was not used
                return;
            }
            upstream = channel;
            upstreamConnection = carrier;
            boolean reused = carrier.carry(this);
            replay = reused && !replayed && idempotent(head.method()) ? route : null;
            channel.write(route.outgoing());
            if (bodiless) {
                channel.write(LastHttpContent.EMPTY_LAST_CONTENT);
                requestSent = true;
            }
            HttpContent content;
            while ((content = held.poll()) != null) {
                requestSent |= content instanceof LastHttpContent;
                keepForReplay(content);
                channel.write(content);
            }
            heldBytes = 0;
            flushUnlessReading(channel);
            upstreamWritable = channel.isWritable();
            connection.reading();
        });
    }

    /** Sends what was written to the target, now or, while the client's connection is being read, when that read ends. */
    private void flushUnlessReading(Channel to) {
        if (!connection.inRead()) {
            to.flush();
        }
    }

    /**
     * Whether RFC 9110 (9.2.2) calls {@code method} idempotent, so that a client, or a proxy, may
     * send it again; TRACE, the last of them, never reaches a target ({@link ProxyListener}). The
     * decoders give the standard methods as Netty's constants: compared by identity, where a set's
     * lookup hashed the method's name on every exchange (2% of the proxy's Java time).
     */
    private static boolean idempotent(HttpMethod method) {
        return method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS || method == HttpMethod.PUT
                || method == HttpMethod.DELETE;
    }

    /** Keeps a view of a piece of the body sent, while the request may be sent again and the body is short enough. */
    private void keepForReplay(HttpContent content) {
        if (replay == null) {
            return;
        }
        sentBytes += content.content().readableBytes();
        if (sentBytes > MAX_WAITING_BYTES) {
            dropReplay(); // a long body is not kept for the rare replay
        } else {
            sentBody.add(content.retainedDuplicate());
        }
    }

    /** The answer has begun, or the exchange ended: the request will not be sent again. */
    private void dropReplay() {
        replay = null;
        sentBytes = 0;
        HttpContent content;
        while ((content = sentBody.poll()) != null) {
            content.release();
        }
    }

    @Override
    public void head(HttpResponse response) {
        dropReplay();
        int code = response.status().code();
        if (code < 200 && code != 101) {
            informational = true; // 100 Continue and the like were the target's to the proxy, not the client's
            return;
        }
        if (code == 101) {
            if (upgrade) {
                tunnel(response);
            } else {
                failed(Failure.UNREADABLE); // a switch of protocols nobody asked for
            }
            return;
        }
        answered = true;
        upstreamKeepAlive = HttpUtil.isKeepAlive(response);
        // the answer goes on as it came, its headers changed in place
        HttpHeaders headers = response.headers();
        HopByHop.strip(headers, false);
        boolean empty = head.method() == HttpMethod.HEAD || code == 204 || code == 304;
        if (!headers.contains(HttpHeaderNames.CONTENT_LENGTH) && !empty && !http2) {
            if (head.protocolVersion() == HttpVersion.HTTP_1_1) {
                headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
            } else {
                keepAlive = false; // an HTTP/1.0 client learns the end of a body of unknown length from the close
            }
        }
        connectionHeader(headers, keepAlive && !connection.draining());
        response.setProtocolVersion(version());
        client.write(response);
    }

    @Override
    public void content(HttpContent content) {
        if (informational || done) {
            informational &= !(content instanceof LastHttpContent);
            content.release();
            return;
        }
        if (content instanceof LastHttpContent last) {
            complete(last);
            return;
        }
        client.write(content);
        if (!client.isWritable() && upstream != null) {
            upstream.config().setAutoRead(false);
        }
    }

    @Override
    public void readComplete() {
        client.flush();
    }

    @Override
    public void writable(boolean writable) {
        upstreamWritable = writable;
        connection.reading();
    }

    /** The answer's end: the upstream connection goes back to the pool if it can carry another exchange. */
    private void complete(LastHttpContent last) {
        ChannelFuture written = client.writeAndFlush(last);
        UpstreamConnection carrier = upstreamConnection;
        upstream = null;
        upstreamConnection = null;
        if (carrier != null) {
            if (requestSent && upstreamKeepAlive) {
                carrier.release();
            } else {
                carrier.abandon();
            }
        }
        finish(written, keepAlive && bodyComplete());
    }

    /**
     * The target switched protocols: the client gets the switch, and from then on the two
     * connections are joined byte for byte.
     */
    private void tunnel(HttpResponse response) {
        Channel target = upstream;
        UpstreamConnection carrier = upstreamConnection;
        HttpHeaders out = HEADERS.newHeaders().add(response.headers());
        client.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, response.status(), Unpooled.EMPTY_BUFFER, out,
                HEADERS.newEmptyHeaders()));
        upstream = null;
        upstreamConnection = null;
        done = true;
        releaseHeld();
        connection.ended(this);
        if (target == null || carrier == null) {
            client.close();
            return;
        }
        ChannelPipeline targetSide = target.pipeline();
        Tunnel.idleEitherWay(targetSide);
        targetSide.addLast(new Tunnel(client));
        targetSide.remove(carrier);
        targetSide.remove(HttpClientCodec.class); // bytes it already read pass on to the tunnel
        target.config().setAutoRead(true);
        connection.switchTo(new Tunnel(target));
    }

    @Override
    public void failed(Failure why) {
        UpstreamConnection carrier = upstreamConnection;
        upstream = null;
        upstreamConnection = null;
        if (carrier != null) {
            carrier.abandon();
        }
        if (done) {
            return;
        }
        Route again = why == Failure.CLOSED ? replay : null;
        if (again != null) {
            // closed before a byte of the answer: sent once more, on a new connection
            replay = null;
            replayed = true;
            requestSent = false;
            sentBytes = 0;
            for (HttpContent content = sentBody.poll(); content != null; content = sentBody.poll()) {
                held.add(content);
                heldBytes += content.content().readableBytes();
            }
            send(again, true);
            return;
        }
        if (answered) {
            abort();
            return;
        }
        switch (why) {
            case SILENT -> respond(HttpResponseStatus.GATEWAY_TIMEOUT,
                    "Gateway Timeout: the target did not answer within the idle timeout.", true);
            case CLOSED -> respond(HttpResponseStatus.BAD_GATEWAY, "Bad Gateway: the target did not answer.", true);
            case UNREADABLE -> respond(HttpResponseStatus.BAD_GATEWAY, "Bad Gateway: the target's answer was malformed.", true);
        }
    }

    /**
     * No connection to the target could be had. As on an ALB, a target that did not accept one
     * within the connect timeout is a 504; one that refused it is a 502. One whose target group's
     * cap on connections kept the request waiting for the connect timeout is a 503: the target is busy.
     */
    private void unreachable(@Nullable Throwable failure) {
        if (failure instanceof TargetSlots.Full) {
            respond(HttpResponseStatus.SERVICE_UNAVAILABLE, "Service Unavailable: every connection the target group allows to"
                    + " the target stayed busy for the connect timeout.", true);
        } else if (failure instanceof ConnectTimeoutException) {
            respond(HttpResponseStatus.GATEWAY_TIMEOUT,
                    "Gateway Timeout: the target did not accept a connection within the connect timeout.", true);
        } else {
            respond(HttpResponseStatus.BAD_GATEWAY, "Bad Gateway: the target did not answer.", true);
        }
    }

    /** Answers with a short text. */
    void respond(HttpResponseStatus status, String text, boolean close) {
        HttpHeaders headers = HEADERS.newHeaders().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        respond(status, headers, text.getBytes(StandardCharsets.UTF_8), close);
    }

    /**
     * Answers the request itself. {@code close} ends an HTTP/1 connection after the answer;
     * without it, what is left of the body is read and dropped and the connection serves its next request.
     */
    void respond(HttpResponseStatus status, HttpHeaders headers, byte[] body, boolean close) {
        if (done) {
            return;
        }
        if (answered) {
            abort();
            return;
        }
        answered = true;
        discarding = true;
        releaseHeld();
        UpstreamConnection carrier = upstreamConnection;
        if (carrier != null) {
            upstream = null;
            upstreamConnection = null;
            carrier.abandon();
        }
        headers.set(HttpHeaderNames.CONTENT_LENGTH, body.length);
        boolean keep = keepAlive && !close;
        connectionHeader(headers, keep && !connection.draining());
        ChannelFuture written = client.writeAndFlush(new DefaultFullHttpResponse(version(), status, Unpooled.wrappedBuffer(body),
                headers, HEADERS.newEmptyHeaders()));
        finish(written, keep);
    }

    private HttpVersion version() {
        return http2 ? HttpVersion.HTTP_1_1 : head.protocolVersion();
    }

    private void connectionHeader(HttpHeaders headers, boolean keep) {
        if (http2) {
            return;
        }
        if (!keep) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (head.protocolVersion() == HttpVersion.HTTP_1_0) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
    }

    private void finish(ChannelFuture written, boolean keep) {
        done = true;
        releaseHeld();
        connection.finished(this, written, keep);
    }

    /** The answer cannot be completed: the client's connection (or stream) is closed. */
    private void abort() {
        if (!done) {
            done = true;
            releaseHeld();
            connection.ended(this);
        }
        client.close();
    }

    /** The client went away: the exchange on the target, if any, is abandoned. */
    void clientGone() {
        UpstreamConnection carrier = upstreamConnection;
        upstream = null;
        upstreamConnection = null;
        if (carrier != null) {
            carrier.abandon();
        }
        if (!done) {
            done = true;
            releaseHeld();
            connection.ended(this);
        }
    }

    private void releaseHeld() {
        HttpContent content;
        while ((content = held.poll()) != null) {
            content.release();
        }
        heldBytes = 0;
        dropReplay();
    }
}
