package dev.garrison.waf;

import dev.garrison.api.wafv2.WAFAssociatedItemException;
import dev.garrison.api.wafv2.WAFDuplicateItemException;
import dev.garrison.api.wafv2.WAFInvalidParameterException;
import dev.garrison.api.wafv2.WAFLimitsExceededException;
import dev.garrison.api.wafv2.WAFNonexistentItemException;
import dev.garrison.api.wafv2.WAFOptimisticLockException;

/** WAF's errors with the messages AWS WAF answers. */
final class WafErrors {
    private WafErrors() {}

    static WAFNonexistentItemException nonexistent() {
        return new WAFNonexistentItemException("AWS WAF couldn’t perform the operation because your resource doesn’t exist."
                + " If you've just created a resource that you're using in this operation, you might just need to wait a"
                + " few minutes. It can take from a few seconds to a number of minutes for changes to propagate.");
    }

    static WAFDuplicateItemException duplicate() {
        return new WAFDuplicateItemException(
                "AWS WAF couldn’t perform the operation because some resource in your request is a duplicate of an existing one.");
    }

    static WAFOptimisticLockException staleLock() {
        return new WAFOptimisticLockException("AWS WAF couldn’t save your changes because someone changed the resource"
                + " after you started to edit it. Reapply your changes.");
    }

    static WAFAssociatedItemException associated() {
        return new WAFAssociatedItemException("AWS WAF couldn’t perform the operation because your resource is being used"
                + " by another resource or it’s associated with another resource.");
    }

    static WAFLimitsExceededException limit() {
        return new WAFLimitsExceededException("AWS WAF couldn’t perform the operation because you exceeded your resource"
                + " limit. For example, the maximum number of WebACL objects that you can create for an Amazon Web Services"
                + " account. For more information, see WAF quotas in the WAF Developer Guide.");
    }

    /** A list's NextMarker that no earlier page handed out. */
    static WAFInvalidParameterException badMarker() {
        return new WAFInvalidParameterException("The NextMarker is not valid.");
    }

    /** AWS WAF's parameter error: the field (a {@code ParameterExceptionField}), the offending value, and why. */
    static WAFInvalidParameterException invalid(String field, String parameter, String reason) {
        return new WAFInvalidParameterException(
                "Error reason: " + reason + ", field: " + field + ", parameter: " + parameter, field, parameter, reason);
    }
}
