package dev.garrison.waf;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TargetSlotsTest {
    private final EventLoop a = new DefaultEventLoop();
    private final EventLoop b = new DefaultEventLoop();
    private final TargetSlots slots = new TargetSlots();

    /** Asks for a slot on {@code loop} under {@code cap}: null when one is taken, the waiter otherwise. */
    private TargetSlots.@Nullable Waiter ask(EventLoop loop, int cap) {
        return slots.takeOrWait(loop, cap, (channel, failure) -> {});
    }

    @AfterEach
    void stop() {
        a.shutdownGracefully();
        b.shutdownGracefully();
    }

    @Test
    void withoutACapEveryConnectionIsCountedAndNobodyWaits() {
        for (int i = 0; i < 1000; i++) {
            assertThat(ask(a, 0)).isNull();
        }
        assertThat(slots.anyWaiting()).isFalse();
    }

    @Test
    void pastTheCapExchangesWaitAndAFreedSlotGoesToTheFirstInLine() {
        assertThat(ask(a, 2)).isNull();
        assertThat(ask(b, 2)).isNull();
        TargetSlots.Waiter first = ask(b, 2);
        TargetSlots.Waiter second = ask(a, 2);
        assertThat(first).isNotNull();
        assertThat(second).isNotNull();
        assertThat(slots.anyWaiting()).isTrue();
        assertThat(slots.free(a)).as("the slot freed on a goes to the first in line, on b").isSameAs(first);
        assertThat(ask(a, 2)).as("a newcomer does not overtake the waiter").isNotNull();
        assertThat(slots.giveUp(second)).isTrue();
        assertThat(slots.giveUp(second)).as("given up once").isFalse();
    }

    @Test
    void aGroupWithAHigherCapIsServedWhenTheFirstInLineWouldStillBeOverItsOwn() {
        for (int i = 0; i < 3; i++) {
            ask(a, 0); // three open for a group without a cap
        }
        TargetSlots.Waiter tight = ask(a, 1);
        TargetSlots.Waiter loose = ask(a, 3);
        assertThat(tight).isNotNull();
        assertThat(loose).isNotNull();
        assertThat(slots.free(a)).as("2 open: under 3, still not under 1").isSameAs(loose);
        assertThat(slots.free(a)).as("2 open once more").isNull();
        assertThat(slots.free(a)).isNull();
        assertThat(slots.free(a)).as("0 open: under 1").isSameAs(tight);
    }

    @Test
    void aConnectionFreeOnALoopStaysThereWhileTheFirstInLineWaitsOnALoopHoldingItsShare() {
        ask(a, 4);
        ask(a, 4);
        ask(b, 4);
        ask(b, 4);
        TargetSlots.Waiter onB = ask(b, 4);
        TargetSlots.Waiter onA = ask(a, 4);
        assertThat(slots.handOver(a)).as("b holds two as a does: a's own waiter gets it").isSameAs(onA);
        assertThat(slots.handOver(a)).as("nobody waits on a: closed, for b").isNull();
        assertThat(slots.free(a)).as("its slot goes to b").isSameAs(onB);
    }

    @Test
    void aConnectionMovesToALoopHoldingNoneOrTwoFewer() {
        ask(a, 3);
        ask(a, 3);
        ask(a, 3);
        TargetSlots.Waiter onB = ask(b, 3);
        TargetSlots.Waiter onA = ask(a, 3);
        assertThat(slots.handOver(a)).as("b holds none: a's waiter does not get it").isNull();
        assertThat(slots.free(a)).isSameAs(onB);
        assertThat(slots.giveUp(onA)).isTrue();
        TargetSlots.Waiter nextOnB = ask(b, 3);
        TargetSlots.Waiter nextOnA = ask(a, 3);
        assertThat(nextOnB).isNotNull();
        assertThat(slots.handOver(a)).as("a holds two and b one: a keeps it for its own waiter").isSameAs(nextOnA);
    }
}
