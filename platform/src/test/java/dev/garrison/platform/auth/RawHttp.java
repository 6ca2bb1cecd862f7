package dev.garrison.platform.auth;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Parses the suite's raw HTTP request texts, obsolete header folding included. */
final class RawHttp {
    private RawHttp() {}

    static SignedRequest parse(String text) {
        int split = text.indexOf("\n\n");
        String head = split < 0 ? text : text.substring(0, split);
        String body = split < 0 ? "" : text.substring(split + 2);
        String[] lines = head.split("\n");
        String requestLine = lines[0];
        String method = requestLine.substring(0, requestLine.indexOf(' '));
        String target = requestLine.substring(method.length() + 1, requestLine.lastIndexOf(" HTTP/"));
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        String query = q < 0 ? "" : target.substring(q + 1);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        String last = null;
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty()) {
                continue;
            }
            if (Character.isWhitespace(line.charAt(0)) && last != null) {
                List<String> values = headers.get(last);
                values.set(values.size() - 1, values.getLast() + " " + line.strip());
                continue;
            }
            int colon = line.indexOf(':');
            last = line.substring(0, colon).toLowerCase(Locale.ROOT);
            headers.computeIfAbsent(last, k -> new ArrayList<>()).add(line.substring(colon + 1));
        }
        return new SignedRequest(method, path, query, headers, body.getBytes(UTF_8));
    }
}
