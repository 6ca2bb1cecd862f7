package dev.garrison.kms;

import dev.garrison.api.kms.MalformedPolicyDocumentException;
import dev.garrison.platform.policy.PolicyDocument;
import dev.garrison.platform.policy.PolicyException;
import dev.garrison.platform.policy.PolicyParser;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Key policies: the default one, checked on the way in, parsed once for every call after. */
final class KeyPolicies {
    /** The only policy name a key has. */
    static final String DEFAULT_NAME = "default";
    private static final int CACHE_LIMIT = 10_000;

    private final Map<String, PolicyDocument> parsed = new ConcurrentHashMap<>();

    /** The key policy AWS gives a key created without one: the account, and through it IAM, decides. */
    static String defaultPolicy(String account) {
        return "{\n  \"Version\" : \"2012-10-17\",\n  \"Id\" : \"key-default-1\",\n  \"Statement\" : [ {\n"
                + "    \"Sid\" : \"Enable IAM User Permissions\",\n    \"Effect\" : \"Allow\",\n"
                + "    \"Principal\" : {\n      \"AWS\" : \"arn:aws:iam::" + account + ":root\"\n    },\n"
                + "    \"Action\" : \"kms:*\",\n    \"Resource\" : \"*\"\n  } ]\n}";
    }

    /** A policy a caller gave: parsed, or refused with KMS's error. */
    PolicyDocument check(String policy) {
        try {
            return PolicyParser.parse(policy, PolicyParser.Kind.RESOURCE);
        } catch (PolicyException e) {
            throw new MalformedPolicyDocumentException(e.getMessage());
        }
    }

    /** A stored (already checked) policy. */
    PolicyDocument parsed(String policy) {
        PolicyDocument document = parsed.get(policy);
        if (document == null) {
            document = check(policy);
            if (parsed.size() >= CACHE_LIMIT) {
                parsed.clear();
            }
            parsed.put(policy, document);
        }
        return document;
    }
}
