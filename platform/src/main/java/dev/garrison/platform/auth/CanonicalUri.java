package dev.garrison.platform.auth;

import java.util.ArrayDeque;
import java.util.Deque;

/** The canonical URI of SigV4: the wire path, optionally normalized, each segment URI-encoded. */
final class CanonicalUri {
    private CanonicalUri() {}

    static String of(String rawPath, boolean normalize) {
        String path = rawPath.isEmpty() ? "/" : rawPath;
        if (normalize) {
            path = normalize(path);
        }
        return UriEncoding.encode(path, false);
    }

    /** Removes {@code .} and {@code ..} segments and empty segments, keeping a trailing slash. */
    private static String normalize(String path) {
        Deque<String> segments = new ArrayDeque<>();
        for (String segment : path.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                segments.pollLast();
            } else {
                segments.addLast(segment);
            }
        }
        StringBuilder out = new StringBuilder("/").append(String.join("/", segments));
        boolean trailing = path.endsWith("/") || path.endsWith("/.") || path.endsWith("/..");
        if (trailing && out.length() > 1) {
            out.append('/');
        }
        return out.toString();
    }
}
