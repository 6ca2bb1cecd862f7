package dev.garrison.platform.protocol;

import dev.garrison.platform.model.OperationModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** One REST operation's method and URI template ({@code /detector/{detectorId}/findings/get}, {@code {Key+}}). */
final class RestRoute {
    private record Segment(String text, boolean label, boolean greedy) {}

    final OperationModel operation;
    private final List<Segment> segments = new ArrayList<>();
    private final int literals;

    RestRoute(OperationModel operation) {
        this.operation = operation;
        String uri = operation.requestUri();
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        int literalCount = 0;
        for (String part : path.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            if (part.startsWith("{") && part.endsWith("}")) {
                boolean greedy = part.endsWith("+}");
                segments.add(new Segment(part.substring(1, part.length() - (greedy ? 2 : 1)), true, greedy));
            } else {
                segments.add(new Segment(part, false, false));
                literalCount++;
            }
        }
        this.literals = literalCount;
    }

    /** How specific the template is: routes with more literal segments win. */
    int literals() {
        return literals;
    }

    /** The labels' values when {@code pathSegments} (already decoded) fit this template, else null. */
    @Nullable Map<String, String> match(List<String> pathSegments) {
        Map<String, String> labels = new LinkedHashMap<>();
        int i = 0;
        for (Segment segment : segments) {
            if (segment.greedy()) {
                if (i >= pathSegments.size()) {
                    return null;
                }
                labels.put(segment.text(), String.join("/", pathSegments.subList(i, pathSegments.size())));
                return labels;
            }
            if (i >= pathSegments.size()) {
                return null;
            }
            String actual = pathSegments.get(i++);
            if (segment.label()) {
                if (actual.isEmpty()) {
                    return null;
                }
                labels.put(segment.text(), actual);
            } else if (!segment.text().equals(actual)) {
                return null;
            }
        }
        return i == pathSegments.size() ? labels : null;
    }
}
