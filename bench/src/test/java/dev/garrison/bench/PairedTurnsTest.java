package dev.garrison.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class PairedTurnsTest {
    /** A turn of 1,000 answers: 980 at 0.5 ms and 20 at {@code p99Millis}, which is so its p99. */
    private static LoadResult turn(double p99Millis) {
        Histogram latencies = new Histogram(3);
        latencies.recordValueWithCount(500_000, 980);
        latencies.recordValueWithCount((long) (p99Millis * 1e6), 20);
        return new LoadResult("paced", 8, 1000, 0, 1, Map.of(200, 1000L), latencies);
    }

    @Test
    void theMedianOfTheRoundsIsNotMovedByOneStalledTurn() {
        PairedTurns paired = PairedTurns.of(List.of(turn(3), turn(4), turn(60), turn(3), turn(5)),
                List.of(turn(2), turn(3), turn(2), turn(2), turn(3)));

        assertThat(paired.differences()).hasSize(5);
        assertThat(paired.differences().get(2)).isCloseTo(58, Offset.offset(0.1));
        assertThat(paired.medianMillis()).isCloseTo(1, Offset.offset(0.01));
        // a histogram keeps three significant digits
        assertThat(paired.rounds()).matches("\\+1\\.00, \\+1\\.00, \\+58\\.0\\d, \\+1\\.00, \\+2\\.00");
    }

    @Test
    void anEvenNumberOfRoundsTakesTheMeanOfTheMiddleTwo() {
        PairedTurns paired = PairedTurns.of(List.of(turn(1), turn(5), turn(9), turn(2)), List.of(turn(2), turn(2), turn(2), turn(2)));

        assertThat(paired.medianMillis()).isCloseTo(1.5, Offset.offset(0.01));
    }

    @Test
    void sidesWithDifferentRoundsAreRefused() {
        assertThatThrownBy(() -> PairedTurns.of(List.of(turn(1)), List.of(turn(1), turn(2))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
