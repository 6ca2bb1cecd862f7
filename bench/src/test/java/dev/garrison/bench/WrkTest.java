package dev.garrison.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.Test;

class WrkTest {
    /** What the reporting script prints for a run of {@code requests} whose quantile i took {@code micros(i)}. */
    private static String output(long requests, long micros, long status, LongUnaryOperator quantileMicros) {
        StringBuilder out = new StringBuilder("Running 2s test @ http://127.0.0.1:1\n  2 threads and 64 connections\n");
        out.append("wrk-totals requests ").append(requests).append(" micros ").append(micros).append(" status ").append(status)
                .append(" connect 1 read 2 write 3 timeout 4\n");
        for (int i = 0; i < Wrk.QUANTILES; i++) {
            out.append("wrk-quantile ").append(i).append(' ').append(quantileMicros.applyAsLong(i)).append('\n');
        }
        return out.toString();
    }

    @Test
    void readsTheTotalsAndRebuildsTheLatenciesFromTheQuantiles() throws IOException {
        // latencies rising evenly from 1 to 1,000 ms over the quantiles
        Wrk.Result result = Wrk.read("(x)", output(20_001, 2_000_000, 7, i -> (i + 1) * 1000));
        assertThat(result.label()).isEqualTo("(x)");
        assertThat(result.requests()).isEqualTo(20_001);
        assertThat(result.seconds()).isEqualTo(2.0);
        assertThat(result.requestsPerSecond()).isEqualTo(10_000.5);
        assertThat(result.non2xx()).isEqualTo(7);
        assertThat(result.socketErrors()).isEqualTo(10);
        assertThat(result.latencies().getTotalCount()).isEqualTo(20_001);
        assertThat(result.p50Millis()).isBetween(498.0, 502.0); // the histogram keeps three significant digits
        assertThat(result.p99Millis()).isBetween(988.0, 992.0);
    }

    @Test
    void runsInTurnsAddUpToTruePercentilesNotAnAverageOfThem() throws IOException {
        Wrk.Result fast = Wrk.read("(x)", output(9_000, 1_000_000, 0, i -> 1_000));
        Wrk.Result slow = Wrk.read("(x)", output(1_000, 1_000_000, 2, i -> 100_000));
        Wrk.Result both = Wrk.Result.merge(List.of(fast, slow, fast));
        assertThat(both.requests()).isEqualTo(19_000);
        assertThat(both.seconds()).isEqualTo(3.0);
        assertThat(both.non2xx()).isEqualTo(2);
        assertThat(both.socketErrors()).isEqualTo(30);
        // 1,000 of 19,000 answers took 100 ms: the 99th percentile is one of them, the median is not
        assertThat(both.p50Millis()).isBetween(0.99, 1.01);
        assertThat(both.p99Millis()).isBetween(99.0, 101.0);
    }

    @Test
    void refusesOutputWithoutTheReport() {
        assertThatThrownBy(() -> Wrk.read("(x)", "Requests/sec: 100\n")).isInstanceOf(IOException.class)
                .hasMessageContaining("no totals");
        String cut = output(100, 1_000_000, 0, i -> 5);
        String truncated = cut.substring(0, cut.indexOf("wrk-quantile 500 "));
        assertThatThrownBy(() -> Wrk.read("(x)", truncated)).isInstanceOf(IOException.class)
                .hasMessageContaining("500 of 1000 quantiles");
    }

    @Test
    void theReportIsAddedToTheRequestScript() {
        String script = Wrk.reporting("request = function() return wrk.format(\"GET\", \"/%41\") end\n");
        assertThat(script).startsWith("request = function() return wrk.format(\"GET\", \"/%41\") end\n")
                .contains("done = function(summary, latency, requests)")
                .contains("for i = 0, " + (Wrk.QUANTILES - 1) + " do")
                .contains("latency:percentile((i + 0.5) * 100 / " + Wrk.QUANTILES + ")");
    }
}
