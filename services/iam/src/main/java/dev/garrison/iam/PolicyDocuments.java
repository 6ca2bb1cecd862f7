package dev.garrison.iam;

import dev.garrison.api.iam.LimitExceededException;
import dev.garrison.api.iam.MalformedPolicyDocumentException;
import dev.garrison.platform.policy.PolicyDocument;
import dev.garrison.platform.policy.PolicyException;
import dev.garrison.platform.policy.PolicyParser;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Policy documents as IAM takes and gives them: validated with IAM's grammar and size quotas on
 * the way in, URL-encoded on the way out (as the Query API returns them), parsed once and
 * cached for the authorizer.
 */
final class PolicyDocuments {
    static final int MANAGED_POLICY_SIZE = 6144;
    private static final int CACHE_LIMIT = 10_000;

    private final Map<String, PolicyDocument> parsed = new ConcurrentHashMap<>();

    /** Refuses a document IAM would refuse; returns the parsed form. */
    PolicyDocument validate(String document, PolicyParser.Kind kind) {
        try {
            return parse(document, kind);
        } catch (PolicyException e) {
            throw new MalformedPolicyDocumentException(e.getMessage());
        }
    }

    /** A stored (already validated) document, parsed once. */
    PolicyDocument parsed(String document, PolicyParser.Kind kind) {
        return parse(document, kind);
    }

    private PolicyDocument parse(String document, PolicyParser.Kind kind) {
        PolicyDocument cached = parsed.get(kind + document);
        if (cached != null) {
            return cached;
        }
        PolicyDocument fresh = PolicyParser.parse(document, kind);
        if (parsed.size() >= CACHE_LIMIT) {
            parsed.clear();
        }
        parsed.put(kind + document, fresh);
        return fresh;
    }

    /** IAM counts a managed policy's size without whitespace. */
    static void checkManagedSize(String document) {
        if (document.codePoints().filter(c -> !Character.isWhitespace(c)).count() > MANAGED_POLICY_SIZE) {
            throw new LimitExceededException("Cannot exceed quota for PolicySize: " + MANAGED_POLICY_SIZE);
        }
    }

    /** An owner's inline policies together may not exceed {@code limit} characters without whitespace. */
    static void checkInlineSize(String ownerLabel, int limit, Iterable<String> documents) {
        long total = 0;
        for (String document : documents) {
            total += document.codePoints().filter(c -> !Character.isWhitespace(c)).count();
        }
        if (total > limit) {
            throw new LimitExceededException("Maximum policy size of " + limit + " bytes exceeded for " + ownerLabel);
        }
    }

    /** The Query API returns documents URL-encoded (RFC 3986). */
    static String encoded(String document) {
        return URLEncoder.encode(document, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
