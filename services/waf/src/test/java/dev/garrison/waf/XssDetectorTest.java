package dev.garrison.waf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The XSS detector on the shared libinjection corpus. */
class XssDetectorTest {
    @Test
    void detectsTheCorpusAndSparesBenignText() {
        List<String> attacks = DetectionCorpus.inputs("xss-");
        List<String> benign = DetectionCorpus.inputs("false_positives");
        long detected = attacks.stream().filter(XssDetector::detect).count();
        long flagged = benign.stream().filter(XssDetector::detect).count();
        System.out.printf("XSS: %d of %d detected (%.2f%%); benign flagged: %d of %d (%.2f%%)%n", detected, attacks.size(),
                100.0 * detected / attacks.size(), flagged, benign.size(), 100.0 * flagged / benign.size());
        if (Boolean.getBoolean("garrison.detection.show")) {
            attacks.stream().filter(a -> !XssDetector.detect(a)).limit(300).forEach(a -> System.out.println("MISSED " + a));
            benign.stream().filter(XssDetector::detect).forEach(b -> System.out.println("FLAGGED " + b));
        }
        assertThat(100.0 * detected / attacks.size()).isGreaterThanOrEqualTo(95.0);
        assertThat(100.0 * flagged / benign.size()).isLessThanOrEqualTo(1.0);
    }
}
