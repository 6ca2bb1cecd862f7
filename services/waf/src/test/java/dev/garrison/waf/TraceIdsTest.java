package dev.garrison.waf;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TraceIdsTest {
    private static final String ID = "1-67891233-abcdef012345678912345678";

    @Test
    void idsHaveTheVersionTheEpochSecondInHexAndNinetySixRandomBits() {
        String id = TraceIds.next(Instant.ofEpochSecond(0x67891233L));
        assertThat(id).matches("1-67891233-[0-9a-f]{24}");
        assertThat(TraceIds.next(Instant.ofEpochSecond(0x67891233L))).isNotEqualTo(id);
    }

    @Test
    void theForwardedHeaderIsAddedOrUpdatedAsAnAlbDoes() {
        assertThat(TraceIds.forwarded(null, ID)).isEqualTo("Root=" + ID);
        assertThat(TraceIds.forwarded("Root=1-67891233-000000000000000000000001", ID))
                .isEqualTo("Self=" + ID + ";Root=1-67891233-000000000000000000000001");
        assertThat(TraceIds.forwarded("Root=1-67891233-000000000000000000000001;CalledFrom=app", ID))
                .as("an application's own fields are kept")
                .isEqualTo("Self=" + ID + ";Root=1-67891233-000000000000000000000001;CalledFrom=app");
        assertThat(TraceIds.forwarded("Self=1-00000000-000000000000000000000002;Root=1-67891233-000000000000000000000001", ID))
                .as("a Self field is updated in place").isEqualTo("Self=" + ID + ";Root=1-67891233-000000000000000000000001");
        assertThat(TraceIds.forwarded("Root=1-67891233-000000000000000000000001; Self=old; CalledFrom=app", ID))
                .isEqualTo("Root=1-67891233-000000000000000000000001; Self=" + ID + "; CalledFrom=app");
        assertThat(TraceIds.forwarded("NotSelf=x", ID)).isEqualTo("Self=" + ID + ";NotSelf=x");
        assertThat(TraceIds.forwarded("Root=" + "a".repeat(7 * 1024), ID)).as("over 7 KB: a new root").isEqualTo("Root=" + ID);
    }
}
