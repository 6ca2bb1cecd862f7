package dev.garrison.waf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
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

    /**
     * Text of many tags once took the detector time that doubled with each tag (200 characters of
     * {@code <br>} held an event loop for minutes); each is decided here in a 64 KB body. The
     * timeout only catches a detector that does not end: how fast it is, bench waf measures.
     */
    @Test
    void textOfManyTagsIsDecidedAndNeverHoldsTheThread() {
        String start = "<bodyonscroll=alert(1)>";
        List<String> units = List.of("<br>", "<a x", "<a x=\"", "<a/", "<a x=1 ", "\"<a ", "<!doctype", "<a b<a");
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            for (String unit : units) {
                String text = start + unit.repeat(64 * 1024 / unit.length());
                assertThat(XssDetector.detect(text)).as(unit).isFalse(); // a body handler outside a tag is not script
                assertThat(XssDetector.detect(unit.repeat(64 * 1024 / unit.length()) + "<svg onload=alert(1)>")).as(unit).isTrue();
            }
        });
    }

    @Test
    void aCssUrlIsScriptWhenWhatFollowsItsQuotesAndSpacesIsAScriptScheme() {
        record Case(String text, boolean want) {}
        for (Case c : List.of(
                new Case("background:url(javascript:alert(1))", true),
                new Case("background:url( ' \tjava\nscript:alert(1)')", true),
                new Case("background:url(\"&#106;avascript:alert(1)\")", true),
                new Case("background:url( 'https://example.com/a.png')", false),
                new Case("background:url(/img/a.png)", false),
                new Case("url(".repeat(2048), false),
                new Case("url(".repeat(2048) + "url(vbscript:msgbox(1))", true))) {
            assertThat(XssDetector.detect(c.text())).as(c.text().substring(0, Math.min(60, c.text().length()))).isEqualTo(c.want());
        }
    }

    @Test
    void textBuiltToMakeTheReadingOfItsTagsOverlapCountsAsAMatch() {
        // tag names that run into the next tag: each tag's attributes read on through all that follow
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            assertThat(XssDetector.detect("<a".repeat(4096))).isTrue();
            assertThat(XssDetector.detect("<a".repeat(16))).isFalse();
        });
    }
}
