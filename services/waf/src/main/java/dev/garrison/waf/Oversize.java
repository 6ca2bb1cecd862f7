package dev.garrison.waf;

import org.jspecify.annotations.Nullable;

/** {@code OversizeHandling}: what a statement concludes about a part larger than the engine inspects. */
enum Oversize {
    CONTINUE(null),
    MATCH(Boolean.TRUE),
    NO_MATCH(Boolean.FALSE);

    private final @Nullable Boolean verdict;

    Oversize(@Nullable Boolean verdict) {
        this.verdict = verdict;
    }

    /** The verdict for an oversize part, or null to inspect what is there. */
    @Nullable Boolean verdict() {
        return verdict;
    }

    /** The model's value, CONTINUE when absent (AWS's default). */
    static Oversize of(@Nullable String handling) {
        return handling == null ? CONTINUE : valueOf(handling);
    }
}
