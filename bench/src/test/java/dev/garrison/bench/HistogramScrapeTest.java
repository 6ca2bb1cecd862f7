package dev.garrison.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HistogramScrapeTest {
    private static String metrics(long under10us, long under100us, long under1ms, long all) {
        return """
                # TYPE garrison_waf_deciding_seconds histogram
                garrison_waf_deciding_seconds_bucket{region="us-east-1",web_acl="other",le="1.0E-5"} 999
                garrison_waf_deciding_seconds_bucket{region="us-east-1",web_acl="bench",le="1.0E-4"} %d
                garrison_waf_deciding_seconds_bucket{region="us-east-1",web_acl="bench",le="1.0E-5"} %d
                garrison_waf_deciding_seconds_bucket{region="us-east-1",web_acl="bench",le="0.001"} %d
                garrison_waf_deciding_seconds_bucket{region="us-east-1",web_acl="bench",le="+Inf"} %d
                garrison_waf_deciding_seconds_count{region="us-east-1",web_acl="bench"} %d
                """.formatted(under100us, under10us, under1ms, all, all);
    }

    @Test
    void percentilesCountOnlyWhatWasObservedBetweenTwoScrapes() {
        String labels = "region=\"us-east-1\",web_acl=\"bench\"";
        HistogramScrape before = HistogramScrape.read(metrics(1000, 1000, 1000, 1000), "garrison_waf_deciding_seconds", labels);
        // then 100 more: 90 under 10 µs, 9 between 10 and 100 µs, 1 between 100 µs and 1 ms
        HistogramScrape after = HistogramScrape.read(metrics(1090, 1099, 1100, 1100), "garrison_waf_deciding_seconds", labels);

        assertThat(after.countSince(before)).isEqualTo(100);
        assertThat(after.percentileSince(before, 50)).isEqualTo(1.0E-5);
        assertThat(after.percentileSince(before, 95)).isEqualTo(1.0E-4);
        assertThat(after.percentileSince(before, 99.5)).isEqualTo(0.001);
    }

    @Test
    void aHistogramNotYetShownCountsAsEmpty() {
        String labels = "region=\"us-east-1\",web_acl=\"bench\"";
        HistogramScrape none = HistogramScrape.read("", "garrison_waf_deciding_seconds", labels);
        HistogramScrape after = HistogramScrape.read(metrics(3, 4, 4, 4), "garrison_waf_deciding_seconds", labels);

        assertThat(none.countSince(none)).isZero();
        assertThat(none.percentileSince(none, 99)).isNaN();
        assertThat(after.countSince(none)).isEqualTo(4);
        assertThat(after.percentileSince(none, 99)).isEqualTo(1.0E-4);
    }
}
