package dev.garrison.waf;

import java.util.ArrayList;
import java.util.List;

/**
 * NORMALIZE_PATH: collapses repeated slashes and resolves {@code .} and {@code ..} segments.
 * NORMALIZE_PATH_WIN first turns backslashes into slashes.
 */
final class NormalizePath implements Transform {
    private final boolean windows;

    NormalizePath(boolean windows) {
        this.windows = windows;
    }

    @Override
    public String apply(String text) {
        String path = windows ? text.replace('\\', '/') : text;
        if (path.isEmpty()) {
            return path;
        }
        boolean absolute = path.startsWith("/");
        boolean trailing = path.endsWith("/") || path.endsWith("/.") || path.endsWith("/..");
        List<String> segments = new ArrayList<>();
        for (String segment : path.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (!segments.isEmpty() && !segments.getLast().equals("..")) {
                    segments.removeLast();
                } else if (!absolute) {
                    segments.add(segment);
                }
                continue;
            }
            segments.add(segment);
        }
        String joined = String.join("/", segments);
        String out = (absolute ? "/" : "") + joined + (trailing && !joined.isEmpty() ? "/" : "");
        return out.isEmpty() ? (absolute ? "/" : "") : out;
    }
}
