package dev.garrison.waf;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** What a Block answers: AWS's default 403, or the rule's custom status, headers and body. */
record BlockResponse(int status, List<Map.Entry<String, String>> headers, @Nullable String body, String contentType) {
    static final BlockResponse DEFAULT = new BlockResponse(403, List.of(), null, "text/plain");
}
