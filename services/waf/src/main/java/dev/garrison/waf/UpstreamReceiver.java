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

    /** Why an answer will not be complete. */
    enum Failure {
        /** The connection closed before the answer was complete. */
        CLOSED,
        /** The connection was closed for staying silent longer than the upstream timeout. */
        SILENT,
        /** The answer could not be read (malformed, or a head over the limit), and the connection was closed. */
        UNREADABLE
    }

    /** The answer will not be complete, for {@code why}. */
    void failed(Failure why);
}
