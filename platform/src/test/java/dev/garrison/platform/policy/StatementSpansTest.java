package dev.garrison.platform.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Where statements sit in a policy's text, for either form of Statement. */
class StatementSpansTest {
    @Test
    void aListAndASingleStatementAreFound() {
        String list = "{\"Id\":{\"Statement\":[]},\"Statement\":[\n {\"Effect\":\"Allow\"},\n {\"Effect\":\"Deny\",\n  \"Action\":\"*\"}]}";
        assertThat(StatementSpans.of(list)).containsExactly(new StatementSpans.Span(2, 2, 2, 20),
                new StatementSpans.Span(3, 2, 4, 16));
        assertThat(StatementSpans.of("{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\"}}"))
                .containsExactly(new StatementSpans.Span(1, 37, 1, 55));
        assertThat(StatementSpans.of("not json")).isEmpty();
    }
}
