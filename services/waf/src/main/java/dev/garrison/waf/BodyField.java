package dev.garrison.waf;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** {@code Body}: the body's first bytes, up to the inspection limit, with the rule's oversize handling. */
final class BodyField implements Field {
    private final Oversize oversize;

    BodyField(Oversize oversize) {
        this.oversize = oversize;
    }

    @Override
    public List<String> values(WebRequest request) {
        return request.body().isEmpty() ? List.of() : List.of(request.body());
    }

    @Override
    public @Nullable Boolean oversize(WebRequest request) {
        return request.bodyOversize() ? oversize.verdict() : null;
    }

    @Override
    public String location() {
        return "BODY";
    }
}
