package dev.garrison.waf;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ByteProcessor;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads the bytes of an HTTP/1.1 connection before the HTTP decoder does and lets through only
 * requests whose framing every reader agrees on (RFC 9112): a request line and header lines ending
 * in CRLF, header names of token characters with the colon right after them, no obsolete line
 * folding, no control characters in values, at most one Content-Length of plain digits, a
 * Transfer-Encoding of exactly one {@code chunked} and never both, one Host (HTTP/1.0: at most
 * one), and chunked bodies whose chunk sizes are hex digits with well-formed extensions. The first
 * request that breaks one of these is answered 400 (414 or 431 for a head over an ALB's limits on
 * size) and the connection closed; nothing from it on reaches the decoder, so no request hidden in
 * it can reach the upstream. A client that starts a request but takes longer than the header
 * timeout to finish its line and headers is answered 408 and disconnected. After a GET that asks to
 * switch to WebSocket, the bytes are the new protocol's and pass unread (other upgrade offers, such
 * as h2c, are ignored, as the proxy ignores them). A head still arriving after a read counts against
 * the load balancers' {@link HeadBudget}; a client whose head would take it past its limit is
 * answered 503 and disconnected.
 */
final class FramingGuard extends ChannelInboundHandlerAdapter {
    /** The longest request line, and the longest header line, as on an ALB (16 KB each). */
    private static final int MAX_LINE = 16 * 1024;
    /** How many bytes the header lines of a request may take together, as on an ALB (64 KB). */
    private static final int MAX_HEAD = 64 * 1024;
    private static final int MAX_HEADERS = 100;
    /** The size of the line buffer between heads. */
    private static final int LINE = 256;
    private static final String BAD_REQUEST = "400 Bad Request";
    private static final String URI_TOO_LONG = "414 URI Too Long";
    private static final String FIELDS_TOO_LARGE = "431 Request Header Fields Too Large";
    private static final String UNAVAILABLE = "503 Service Unavailable";
    /** The headers that frame a body, which no other spelling may stand in for. */
    private static final List<String> FRAMING_HEADERS = List.of("content-length", "transfer-encoding");
    /** The characters a token (a method or a header name) may have, by ASCII code. */
    private static final boolean[] TOKEN = tokenCharacters();
    private static final Pattern CHUNK_SIZE = Pattern.compile("[0-9A-Fa-f]{1,15}");
    private static final Pattern CHUNK_EXTENSIONS = Pattern.compile(
            "(;[!#$%&'*+.^_`|~0-9A-Za-z-]+(=([!#$%&'*+.^_`|~0-9A-Za-z-]+|\"[^\"\\\\]*\"))?)+");

    private enum State { START, HEADERS, BODY, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS, REFUSED, SWITCHED }

    private final HeadBudget.Share heads;
    private final HeadTimer timer;
    private State state = State.START;
    /**
     * The bytes of the line being read (ISO-8859-1), up to {@link #MAX_LINE}. Grown for a long line,
     * it shrinks back when the head ends: a connection idle between requests keeps only this much.
     */
    private byte[] line = new byte[LINE];
    private int lineLength;
    private boolean sawCr;
    private int headerCount;
    /** The bytes of the request line, its line end counted. */
    private int requestLineBytes;
    /** The bytes of the header lines read so far, their line ends counted. */
    private int headBytes;
    /** The status a refusal is answered with: 400 unless a limit on size was what the request broke. */
    private String refusalStatus = BAD_REQUEST;
    private long contentLength;
    private int lengthHeaders;
    private int encodingHeaders;
    private boolean chunked;
    private boolean get;
    /** Whether the request is HTTP/1.1 (or a later 1.x), which must name its Host once (RFC 9112 3.2). */
    private boolean hostRequired;
    private int hostHeaders;
    private boolean upgrade;
    private boolean connectionUpgrade;
    private long remaining;

    FramingGuard(long headerTimeoutMillis, HeadBudget budget) {
        this.heads = budget.share();
        this.timer = new HeadTimer(headerTimeoutMillis, this::timedOut);
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
        if (!(message instanceof ByteBuf in) || state == State.REFUSED || state == State.SWITCHED) {
            if (state == State.REFUSED) {
                io.netty.util.ReferenceCountUtil.release(message);
            } else {
                context.fireChannelRead(message);
            }
            return;
        }
        int start = in.readerIndex();
        String refusal = null;
        int end = in.writerIndex();
        int i = start;
        while (i < end && refusal == null && state != State.SWITCHED) {
            if (state == State.BODY || state == State.CHUNK_DATA) {
                long take = Math.min(remaining, end - i);
                i += (int) take;
                remaining -= take;
                if (remaining == 0) {
                    state = state == State.BODY ? State.START : State.CHUNK_END;
                    lineLength = 0;
                }
                continue;
            }
            if (state == State.START) {
                timer.begin(context);
            }
            if (!sawCr) {
                // the bytes up to the next CR or LF are line content, taken at once
                int stop = in.forEachByte(i, end - i, ByteProcessor.FIND_CRLF);
                int to = stop < 0 ? end : stop;
                if (to > i) {
                    refusal = append(in, i, to - i);
                    i = to;
                    continue;
                }
            }
            refusal = lineBreak(in.getByte(i++));
        }
        if (refusal == null) {
            if (heads.hold(pendingHead())) {
                context.fireChannelRead(in);
                return;
            }
            refusalStatus = UNAVAILABLE;
            refusal = "the load balancer holds as many request heads still arriving as it can";
        }
        in.release();
        refuse(context, refusalStatus, refusalStatus.substring(4) + ": " + refusal);
    }

    /** The bytes of a request head, or of a chunked body's trailers, still arriving: the decoder holds them until the end. */
    private int pendingHead() {
        return switch (state) {
            case START -> lineLength;
            case HEADERS -> requestLineBytes + headBytes + lineLength;
            case TRAILERS -> headBytes + lineLength;
            default -> 0;
        };
    }


    /** A request head that has not arrived within the header timeout is answered 408 and the connection closed, as a slow client's. */
    private void timedOut(ChannelHandlerContext context) {
        refuse(context, "408 Request Timeout", "Request Timeout: the request line and headers did not arrive in time.");
    }

    private void refuse(ChannelHandlerContext context, String status, String text) {
        state = State.REFUSED;
        heads.release();
        timer.stop();
        byte[] body = (text + "\n").getBytes(StandardCharsets.US_ASCII);
        String head = "HTTP/1.1 " + status + "\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n";
        ByteBuf answer = Unpooled.wrappedBuffer(head.getBytes(StandardCharsets.US_ASCII), body);
        context.writeAndFlush(answer).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext context) {
        timer.stop();
        heads.release();
    }

    /** Takes a CR or LF, or the byte after a CR; returns why the request is refused, or null. */
    private @Nullable String lineBreak(byte b) {
        if (sawCr) {
            sawCr = false;
            return b == '\n' ? endOfLine() : "a carriage return not followed by a line feed";
        }
        if (b == '\r') {
            sawCr = true;
            return null;
        }
        return "a line ending in a bare line feed";
    }

    /** Adds {@code length} bytes of {@code in} from {@code from} to the line; returns why the request is refused, or null. */
    private @Nullable String append(ByteBuf in, int from, int length) {
        if (lineLength + length > MAX_LINE) {
            if (state == State.START) {
                refusalStatus = URI_TOO_LONG;
                return "a request line longer than " + MAX_LINE + " bytes";
            }
            if (state == State.HEADERS || state == State.TRAILERS) {
                refusalStatus = FIELDS_TOO_LARGE;
                return "a header line longer than " + MAX_LINE + " bytes";
            }
            return "a line longer than " + MAX_LINE + " bytes";
        }
        if (lineLength + length > line.length) {
            line = Arrays.copyOf(line, Math.min(MAX_LINE, Math.max(line.length * 2, lineLength + length)));
        }
        in.getBytes(from, line, lineLength, length);
        lineLength += length;
        return null;
    }

    /** Judges the line just ended; only a chunk-size line, and a refusal's reason, become text. */
    private @Nullable String endOfLine() {
        int length = lineLength;
        lineLength = 0;
        return switch (state) {
            case START -> requestLine(length);
            case HEADERS, TRAILERS -> length == 0 ? endOfHeaders() : header(length);
            case CHUNK_SIZE -> chunkSize(new String(line, 0, length, StandardCharsets.ISO_8859_1));
            case CHUNK_END -> {
                if (length != 0) {
                    yield "chunk data longer than its size";
                }
                state = State.CHUNK_SIZE;
                yield null;
            }
            default -> null;
        };
    }

    private @Nullable String requestLine(int length) {
        if (length == 0) {
            return null;
        }
        int method = indexOf(' ', 0, length);
        int target = method < 0 ? -1 : indexOf(' ', method + 1, length);
        if (target < 0 || indexOf(' ', target + 1, length) >= 0 || method == 0 || !token(0, method) || target == method + 1
                || length != target + 9 || !startsWith(target + 1, length, "HTTP/1.") || line[length - 1] < '0'
                || line[length - 1] > '9') {
            return "a malformed request line";
        }
        for (int i = method + 1; i < target; i++) {
            int c = line[i] & 0xff;
            if (c <= ' ' || c == 0x7f) {
                return "a control character in the request target";
            }
        }
        state = State.HEADERS;
        requestLineBytes = length + 2;
        headerCount = 0;
        headBytes = 0;
        contentLength = -1;
        lengthHeaders = 0;
        encodingHeaders = 0;
        chunked = false;
        get = method == 3 && startsWith(0, method, "GET");
        hostRequired = line[length - 1] != '0';
        hostHeaders = 0;
        upgrade = false;
        connectionUpgrade = false;
        return null;
    }

    private @Nullable String header(int length) {
        if (++headerCount > MAX_HEADERS) {
            refusalStatus = FIELDS_TOO_LARGE;
            return "more than " + MAX_HEADERS + " header lines";
        }
        headBytes += length + 2;
        if (headBytes > MAX_HEAD) {
            refusalStatus = FIELDS_TOO_LARGE;
            return "header lines longer than " + MAX_HEAD + " bytes together";
        }
        if (line[0] == ' ' || line[0] == '\t') {
            return "obsolete line folding";
        }
        int colon = indexOf(':', 0, length);
        if (colon <= 0) {
            return "a header line without a name and a colon";
        }
        if (!token(0, colon)) {
            return "a header name with characters a name cannot have";
        }
        // the value without the optional whitespace around it (RFC 9110 5.5): spaces and tabs only
        int from = colon + 1;
        int to = length;
        while (from < to && (line[from] == ' ' || line[from] == '\t')) {
            from++;
        }
        while (to > from && (line[to - 1] == ' ' || line[to - 1] == '\t')) {
            to--;
        }
        for (int i = from; i < to; i++) {
            int c = line[i] & 0xff;
            if (c < ' ' && c != '\t' || c == 0x7f) {
                return "a control character in the value of " + text(0, colon);
            }
        }
        if (state == State.TRAILERS) {
            return null;
        }
        for (String framing : FRAMING_HEADERS) {
            if (spelledWithUnderscore(colon, framing)) {
                return "a header named like " + framing + " but spelled " + text(0, colon);
            }
        }
        if (named(colon, "content-length")) {
            if (++lengthHeaders > 1) {
                return "more than one Content-Length";
            }
            if (to - from < 1 || to - from > 18 || !digits(from, to)) {
                return "a Content-Length that is not a plain number";
            }
            contentLength = 0;
            for (int i = from; i < to; i++) {
                contentLength = contentLength * 10 + (line[i] - '0'); // at most 18 digits: no overflow
            }
        } else if (named(colon, "host")) {
            // two would let the web ACL read one host and the target another
            if (++hostHeaders > 1) {
                return "more than one Host";
            }
        } else if (named(colon, "upgrade")) {
            upgrade = get && to - from == 9 && named(from, to, "websocket");
        } else if (named(colon, "connection")) {
            connectionUpgrade |= Arrays.stream(text(from, to).split(",")).anyMatch(t -> t.strip().equalsIgnoreCase("upgrade"));
        } else if (named(colon, "transfer-encoding")) {
            if (++encodingHeaders > 1 || !(to - from == 7 && named(from, to, "chunked"))) {
                return "a Transfer-Encoding other than one chunked";
            }
            chunked = true;
        }
        return null;
    }

    /** The line's bytes from {@code from} to {@code to} as text. */
    private String text(int from, int to) {
        return new String(line, from, to - from, StandardCharsets.ISO_8859_1);
    }

    private int indexOf(char c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (line[i] == c) {
                return i;
            }
        }
        return -1;
    }

    /** Whether the line's bytes from {@code from} to {@code to} begin with {@code prefix}, case and all. */
    private boolean startsWith(int from, int to, String prefix) {
        if (to - from < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (line[from + i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Whether the line's first {@code length} bytes are {@code name} (lowercase), in any case. */
    private boolean named(int length, String name) {
        return length == name.length() && named(0, length, name);
    }

    /** Whether the line's bytes from {@code from} to {@code to} spell {@code word} (lowercase) in any case. */
    private boolean named(int from, int to, String word) {
        for (int i = from; i < to; i++) {
            int c = line[i];
            if ((c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c) != word.charAt(i - from)) {
                return false;
            }
        }
        return true;
    }

    /** Whether the name of {@code length} bytes is {@code framing} with an underscore for one or more of its dashes. */
    private boolean spelledWithUnderscore(int length, String framing) {
        if (length != framing.length()) {
            return false;
        }
        boolean underscore = false;
        for (int i = 0; i < length; i++) {
            int c = line[i];
            int lower = c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
            if (c == '_' && framing.charAt(i) == '-') {
                underscore = true;
            } else if (lower != framing.charAt(i)) {
                return false;
            }
        }
        return underscore;
    }

    private boolean digits(int from, int to) {
        for (int i = from; i < to; i++) {
            if (line[i] < '0' || line[i] > '9') {
                return false;
            }
        }
        return true;
    }

    private String endOfHeaders() {
        if (state == State.HEADERS) {
            timer.end();
        }
        if (line.length > LINE) {
            line = new byte[LINE];
        }
        if (state == State.TRAILERS) {
            state = State.START;
            return null;
        }
        if (chunked && lengthHeaders > 0) {
            return "Content-Length and Transfer-Encoding together";
        }
        if (hostRequired && hostHeaders == 0) {
            return "an HTTP/1.1 request without a Host";
        }
        if (upgrade && connectionUpgrade && !chunked && contentLength <= 0) {
            // a protocol switch (WebSocket): what follows is the new protocol's, not HTTP's, once the target agrees;
            // the proxy closes the connection when the target does not
            state = State.SWITCHED;
        } else if (chunked) {
            state = State.CHUNK_SIZE;
        } else if (contentLength > 0) {
            state = State.BODY;
            remaining = contentLength;
        } else {
            state = State.START;
        }
        return null;
    }

    private String chunkSize(String text) {
        int semicolon = text.indexOf(';');
        String size = semicolon < 0 ? text : text.substring(0, semicolon);
        if (!CHUNK_SIZE.matcher(size).matches()) {
            return "a malformed chunk size";
        }
        if (semicolon >= 0 && !CHUNK_EXTENSIONS.matcher(text.substring(semicolon)).matches()) {
            return "a malformed chunk extension";
        }
        long length = Long.parseLong(size, 16);
        if (length == 0) {
            state = State.TRAILERS;
        } else {
            state = State.CHUNK_DATA;
            remaining = length;
        }
        return null;
    }

    /** Whether the line's bytes from {@code from} to {@code to} are all token characters (RFC 9110 5.6.2). */
    private boolean token(int from, int to) {
        for (int i = from; i < to; i++) {
            int c = line[i] & 0xff;
            if (c >= 128 || !TOKEN[c]) {
                return false;
            }
        }
        return true;
    }

    private static boolean[] tokenCharacters() {
        boolean[] token = new boolean[128];
        for (int c = 0; c < 128; c++) {
            token[c] = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
        }
        return token;
    }
}
