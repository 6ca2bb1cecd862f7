package dev.garrison.platform.policy;

/** A policy document IAM would refuse; the message is IAM's MalformedPolicyDocument text. */
public final class PolicyException extends RuntimeException {
    public PolicyException(String message) {
        super(message, null, false, false);
    }
}
