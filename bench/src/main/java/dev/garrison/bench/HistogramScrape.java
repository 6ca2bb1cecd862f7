package dev.garrison.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * One Prometheus histogram's cumulative bucket counts as a server's {@code /metrics} showed them
 * at one moment. Two scrapes give the observations made between them, and a percentile of those
 * to within a bucket: the smallest bucket bound that holds it.
 *
 * @param bounds each bucket's upper bound ({@code le}) in the metric's unit, ascending, the last infinite
 * @param counts how many observations each bucket held, cumulative
 */
record HistogramScrape(double[] bounds, long[] counts) {

    /** The buckets of {@code metric} whose labels before {@code le} are exactly {@code labels} ({@code a="x",b="y"}). */
    static HistogramScrape read(String text, String metric, String labels) {
        String prefix = metric + "_bucket{" + labels + ",le=\"";
        List<double[]> buckets = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.startsWith(prefix)) {
                int quote = line.indexOf('"', prefix.length());
                String le = line.substring(prefix.length(), quote);
                double count = Double.parseDouble(line.substring(line.indexOf("} ", quote) + 2).strip());
                buckets.add(new double[] {le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le), count});
            }
        }
        buckets.sort((a, b) -> Double.compare(a[0], b[0]));
        double[] bounds = new double[buckets.size()];
        long[] counts = new long[buckets.size()];
        for (int i = 0; i < bounds.length; i++) {
            bounds[i] = buckets.get(i)[0];
            counts[i] = (long) buckets.get(i)[1];
        }
        return new HistogramScrape(bounds, counts);
    }

    /** How many observations were made since {@code earlier}. */
    long countSince(HistogramScrape earlier) {
        return counts.length == 0 ? 0 : counts[counts.length - 1] - earlier.at(counts.length - 1);
    }

    /**
     * The smallest bucket bound holding {@code percentile} (0-100) of the observations made since
     * {@code earlier}; NaN when none were made.
     */
    double percentileSince(HistogramScrape earlier, double percentile) {
        long total = countSince(earlier);
        if (total == 0) {
            return Double.NaN;
        }
        double wanted = total * percentile / 100;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] - earlier.at(i) >= wanted) {
                return bounds[i];
            }
        }
        return bounds[bounds.length - 1];
    }

    /** The cumulative count of bucket {@code i}, 0 when this scrape had no such bucket yet (nothing observed). */
    private long at(int i) {
        return i < counts.length ? counts[i] : 0;
    }
}
