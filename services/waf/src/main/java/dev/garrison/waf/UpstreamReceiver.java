package dev.garrison.waf;

import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;

/** What an upstream connection hands the answer of the request sent on it to, as it arrives. */
interface UpstreamReceiver {
    /** The answer's status line and headers. */
    void head(HttpResponse head);

    /** A piece of the answer's body, the last one a {@link io.netty.handler.codec.http.LastHttpContent}; the receiver owns it. */
    void content(HttpContent content);

    /** Everything read from the connection in one go has been handed over. */
    void readComplete();

    /** The connection can take writes again, or can take no more for now. */
    void writable(boolean writable);

    /**
     * The connection closed before the answer was complete; {@code silent} when it was closed for
     * staying silent longer than the upstream timeout.
     */
    void failed(boolean silent);
}
