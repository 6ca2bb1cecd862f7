package dev.garrison.waf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The SQL injection detector on the shared libinjection corpus and on cases that name each rule. */
class SqliDetectorTest {
    @Test
    void detectsTheCorpusAtHighSensitivityAndSparesBenignTextAtLow() {
        List<String> attacks = DetectionCorpus.inputs("sqli-");
        List<String> benign = DetectionCorpus.inputs("false_positives");
        long detected = attacks.stream().filter(a -> SqliDetector.detect(a, true)).count();
        long detectedLow = attacks.stream().filter(a -> SqliDetector.detect(a, false)).count();
        long flaggedLow = benign.stream().filter(b -> SqliDetector.detect(b, false)).count();
        long flaggedHigh = benign.stream().filter(b -> SqliDetector.detect(b, true)).count();
        System.out.printf("SQLi: %d of %d detected at HIGH (%.2f%%), %d at LOW (%.2f%%); benign flagged: %d of %d at LOW"
                + " (%.2f%%), %d at HIGH (%.2f%%)%n", detected, attacks.size(), 100.0 * detected / attacks.size(), detectedLow,
                100.0 * detectedLow / attacks.size(), flaggedLow, benign.size(), 100.0 * flaggedLow / benign.size(), flaggedHigh,
                100.0 * flaggedHigh / benign.size());
        if (Boolean.getBoolean("garrison.detection.show")) {
            attacks.stream().filter(a -> !SqliDetector.detect(a, true)).limit(400).forEach(a -> System.out.println("MISSED " + a));
            benign.stream().filter(b -> SqliDetector.detect(b, false)).forEach(b -> System.out.println("FLAGGED " + b));
            benign.stream().filter(b -> SqliDetector.detect(b, true)).forEach(b -> System.out.println("HIGH " + b));
        }
        assertThat(100.0 * detected / attacks.size()).isGreaterThanOrEqualTo(98.0);
        assertThat(100.0 * flaggedLow / benign.size()).isLessThanOrEqualTo(1.0);
    }

    /**
     * Long text without a keyword, parenthesis, semicolon or comment is read only as far as its
     * start needs at LOW sensitivity: an injection there is still found, as are signs deep inside
     * text that has them, and long prose passes.
     */
    @Test
    void judgesLongTextByHowItStartsAndBySignsAnywhere() {
        String prose = " please leave the parcel with the neighbour at number fourteen if nobody answers".repeat(30);
        assertThat(SqliDetector.detect("name=Jane Doe&email=jane@example.com&notes=" + prose, false)).isFalse();
        assertThat(SqliDetector.detect("1 OR 1=1" + prose, false)).as("a condition at the start").isTrue();
        assertThat(SqliDetector.detect("x' OR 'a'='a" + prose, false)).as("a condition after a quote").isTrue();
        assertThat(SqliDetector.detect(prose + " 1 UNION SELECT password FROM users", false)).as("a union at the end").isTrue();
        assertThat(SqliDetector.detect(prose + "; DROP TABLE users", false)).as("a stacked statement at the end").isTrue();
        assertThat(SqliDetector.detect(prose + " and SLEEP(5)", false)).as("a stalling call at the end").isTrue();
        assertThat(SqliDetector.detect(prose + " 1 or 1=1", false)).as("a condition after prose is not value-led").isFalse();
    }

    /**
     * The parenthesis closing each one was once looked for from each in turn: 64 KB of {@code (}
     * took 16 seconds. The timeout only catches a detector that does not end in reasonable time;
     * how fast it is, bench waf measures.
     */
    @Test
    void textOfManyParenthesesIsDecidedAndNeverHoldsTheThread() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            for (String unit : List.of("(", "((", "a(b", "-1", ";", "' or 1=1 ")) {
                String text = unit.repeat(64 * 1024 / unit.length());
                for (boolean high : new boolean[] {false, true}) {
                    SqliDetector.detect(text, high);
                    SqliDetector.detect(text, high);
                    SqliDetector.detect(text, high);
                }
            }
            assertThat(SqliDetector.detect("(".repeat(4096) + "1) union select password from users--", false)).isTrue();
        });
    }
}
