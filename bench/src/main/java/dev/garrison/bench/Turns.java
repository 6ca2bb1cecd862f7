package dev.garrison.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Measures the sides of a comparison in alternating turns rather than one after the other. On
 * these machines the JIT goes on compiling for tens of seconds after a warm-up and neighbours come
 * and go: measured one after the other, the side measured first ran on a JVM still compiling
 * (bench authz's ratio came out at 61-83%, in turns 30-44%); in turns that drift falls on every
 * side alike.
 */
final class Turns {
    /** How many turns each side's measurement is split into. */
    static final int COUNT = 5;

    private Turns() {}

    /** One side: a phase that warms up for {@code warmup}, then measures for {@code measure}. */
    @FunctionalInterface
    interface Phase<T> {
        T run(Duration warmup, Duration measure) throws Exception;
    }

    /**
     * Warms each side for {@code warmup} (its figures forgotten), then runs {@link #COUNT} rounds of
     * one {@code turn} per side, each after {@code settle} of its own warm-up, and merges each
     * side's turns.
     */
    static <T> List<T> run(List<? extends Phase<T>> sides, Duration warmup, Duration settle, Duration turn,
            Function<List<T>, T> merge) throws Exception {
        return rounds(sides, warmup, settle, turn).stream().map(merge).toList();
    }

    /** As {@link #run}, each side's turns kept apart, in the order they ran. */
    static <T> List<List<T>> rounds(List<? extends Phase<T>> sides, Duration warmup, Duration settle, Duration turn)
            throws Exception {
        for (Phase<T> side : sides) {
            side.run(Duration.ZERO, warmup);
        }
        List<List<T>> turns = new ArrayList<>();
        sides.forEach(side -> turns.add(new ArrayList<>()));
        for (int round = 0; round < COUNT; round++) {
            for (int i = 0; i < sides.size(); i++) {
                turns.get(i).add(sides.get(i).run(settle, turn));
            }
        }
        return turns;
    }
}
