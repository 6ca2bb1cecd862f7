package dev.garrison.waf;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TargetSlotsTest {
    private final EventLoop a = new DefaultEventLoop();
    private final EventLoop b = new DefaultEventLoop();
    private final TargetSlots slots = new TargetSlots();

    @AfterEach
    void stop() {
        a.shutdownGracefully();
        b.shutdownGracefully();
    }

    @Test
    void withoutACapEveryConnectionIsCountedAndNobodyWaits() {
        for (int i = 0; i < 1000; i++) {
            assertThat(slots.takeOrWait(a, 0, (channel, failure) -> {})).isNull();
        }
        assertThat(slots.anyWaiting()).isFalse();
    }

    @Test
    void pastTheCapExchangesWaitAndAFreedSlotGoesToTheFirstInLine() {
        assertThat(slots.takeOrWait(a, 2, (channel, failure) -> {})).isNull();
        assertThat(slots.takeOrWait(b, 2, (channel, failure) -> {})).isNull();
        TargetSlots.Waiter first = slots.takeOrWait(b, 2, (channel, failure) -> {});
        TargetSlots.Waiter second = slots.takeOrWait(a, 2, (channel, failure) -> {});
        assertThat(first).isNotNull();
        assertThat(second).isNotNull();
        assertThat(slots.anyWaiting()).isTrue();
        assertThat(slots.free(a)).as("the slot freed on a goes to the first in line, on b").isSameAs(first);
        assertThat(slots.takeOrWait(a, 2, (channel, failure) -> {})).as("a newcomer does not overtake the waiter").isNotNull();
        assertThat(slots.giveUp(second)).isTrue();
        assertThat(slots.giveUp(second)).as("given up once").isFalse();
    }

    @Test
    void aGroupWithAHigherCapIsServedWhenTheFirstInLineWouldStillBeOverItsOwn() {
        for (int i = 0; i < 3; i++) {
            slots.takeOrWait(a, 0, (channel, failure) -> {}); // three open for a group without a cap
        }
        TargetSlots.Waiter tight = slots.takeOrWait(a, 1, (channel, failure) -> {});
        TargetSlots.Waiter loose = slots.takeOrWait(a, 3, (channel, failure) -> {});
        assertThat(tight).isNotNull();
        assertThat(loose).isNotNull();
        assertThat(slots.free(a)).as("2 open: under 3, still not under 1").isSameAs(loose);
        assertThat(slots.free(a)).as("2 open once more").isNull();
        assertThat(slots.free(a)).isNull();
        assertThat(slots.free(a)).as("0 open: under 1").isSameAs(tight);
    }

    @Test
    void aConnectionFreeOnALoopStaysThereWhileTheFirstInLineWaitsOnALoopHoldingItsShare() {
        slots.takeOrWait(a, 4, (channel, failure) -> {});
        slots.takeOrWait(a, 4, (channel, failure) -> {});
        slots.takeOrWait(b, 4, (channel, failure) -> {});
        slots.takeOrWait(b, 4, (channel, failure) -> {});
        TargetSlots.Waiter onB = slots.takeOrWait(b, 4, (channel, failure) -> {});
        TargetSlots.Waiter onA = slots.takeOrWait(a, 4, (channel, failure) -> {});
        assertThat(slots.handOver(a)).as("b holds two as a does: a's own waiter gets it").isSameAs(onA);
        assertThat(slots.handOver(a)).as("nobody waits on a: closed, for b").isNull();
        assertThat(slots.free(a)).as("its slot goes to b").isSameAs(onB);
    }

    @Test
    void aConnectionMovesToALoopHoldingNoneOrTwoFewer() {
        slots.takeOrWait(a, 3, (channel, failure) -> {});
        slots.takeOrWait(a, 3, (channel, failure) -> {});
        slots.takeOrWait(a, 3, (channel, failure) -> {});
        TargetSlots.Waiter onB = slots.takeOrWait(b, 3, (channel, failure) -> {});
        TargetSlots.Waiter onA = slots.takeOrWait(a, 3, (channel, failure) -> {});
        assertThat(slots.handOver(a)).as("b holds none: a's waiter does not get it").isNull();
        assertThat(slots.free(a)).isSameAs(onB);
        assertThat(slots.giveUp(onA)).isTrue();
        TargetSlots.Waiter nextOnB = slots.takeOrWait(b, 3, (channel, failure) -> {});
        TargetSlots.Waiter nextOnA = slots.takeOrWait(a, 3, (channel, failure) -> {});
        assertThat(nextOnB).isNotNull();
        assertThat(slots.handOver(a)).as("a holds two and b one: a keeps it for its own waiter").isSameAs(nextOnA);
    }
}
