package dev.garrison.waf;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One request a web ACL decided on, for what the WAF shows: samples, metrics, logs and events.
 *
 * @param requestId the id given to the request (its {@code X-Amzn-Trace-Id} root)
 * @param source the load balancer, as logs name it ({@code ACCOUNT-app/NAME/ID})
 * @param httpVersion {@code HTTP/1.1} or {@code HTTP/2.0}
 * @param responseCode the status WAF itself answered (a block), or null when the upstream answered
 * @param decidingNanos how long the web ACL took to decide, from reading the request to the verdict
 */
record Traffic(Instant time, String requestId, String source, WebAclPlan acl, WebRequest request, String httpVersion,
        Verdict verdict, @Nullable Integer responseCode, long decidingNanos) {

    /** The same without the request's body, which samples do not show: what is kept for a while holds no more than it needs. */
    Traffic withoutBody() {
        return new Traffic(time, requestId, source, acl, request.withoutBody(), httpVersion, verdict, responseCode, decidingNanos);
    }
}
