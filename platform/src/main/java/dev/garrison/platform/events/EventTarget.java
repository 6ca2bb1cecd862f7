package dev.garrison.platform.events;

/**
 * One kind of EventBridge rule target, named by its ARN: a webhook, a local command, a
 * remediation owned by a service. Listed in one place where the server is wired.
 */
public interface EventTarget {
    /** True when this kind delivers to targets whose ARN is {@code arn}. */
    boolean accepts(String arn);

    /**
     * Checked when a target is put on a rule: throws an AWS-style error (such as a
     * {@code ValidationException} or {@code ResourceNotFoundException}) when {@code arn} cannot be
     * delivered to by the caller in {@code account} and {@code region}.
     */
    void check(String arn, String account, String region);

    /**
     * Delivers {@code payload} (the event, or what the target's input settings made of it) once;
     * returns when the target took it.
     *
     * @param headers extra HTTP headers named on the target, for kinds that speak HTTP
     * @param query extra query-string parameters named on the target, for kinds that speak HTTP
     */
    void deliver(String arn, byte[] payload, java.util.Map<String, String> headers, java.util.Map<String, String> query)
            throws DeliveryFailure;
}
