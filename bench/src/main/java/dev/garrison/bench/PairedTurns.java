package dev.garrison.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * How far one target's p99 lands from another's, round by round, when the two ran in alternating
 * turns: each round's turns ran seconds apart, on the same machine in the same state. The p99 of
 * all turns pooled is set by the worst few hundred answers, and one stall of the machine in one
 * turn makes those; the median of the rounds' differences is not moved by one or two such turns.
 */
record PairedTurns(List<Double> differences) {
    PairedTurns {
        differences = List.copyOf(differences);
    }

    /** {@code side}'s p99 less {@code base}'s in each round; both hold one turn a round, in order. */
    static PairedTurns of(List<LoadResult> side, List<LoadResult> base) {
        if (side.size() != base.size() || side.isEmpty()) {
            throw new IllegalArgumentException("paired turns need one turn of each side a round, got " + side.size()
                    + " and " + base.size());
        }
        List<Double> differences = new ArrayList<>();
        for (int round = 0; round < side.size(); round++) {
            differences.add(side.get(round).p99Millis() - base.get(round).p99Millis());
        }
        return new PairedTurns(differences);
    }

    /** The middle difference, or the mean of the two middle ones. */
    double medianMillis() {
        List<Double> sorted = differences.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    /** The rounds' differences in the order they ran, as {@code +0.42, -1.30, ...} ms. */
    String rounds() {
        return differences.stream().map(d -> String.format("%+.2f", d)).collect(Collectors.joining(", "));
    }
}
