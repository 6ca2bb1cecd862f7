package dev.garrison.waf;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Framing guards (HTTP/1) and HTTP/2 head guards on several connections sharing one budget for the request heads still arriving. */
class HeadBudgetTest {
    private static final int LIMIT = 64 * 1024;
    private final HeadBudget budget = new HeadBudget(LIMIT);

    private EmbeddedChannel connection() {
        return new EmbeddedChannel(new FramingGuard(30_000, budget));
    }

    /** A request line, a Host and {@code kilobytes} header lines of 1,000 bytes each (line ends counted), not ended. */
    private static String unfinishedHead(String path, int kilobytes) {
        return "GET " + path + " HTTP/1.1\r\nHost: shop\r\n" + ("X-Pad: " + "p".repeat(991) + "\r\n").repeat(kilobytes);
    }

    /** Sends {@code text}; how many bytes the guard passed on to the decoder, or -1 when it passed nothing. */
    private static int send(EmbeddedChannel channel, String text) {
        channel.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1));
        ByteBuf passed = channel.readInbound();
        if (passed == null) {
            return -1;
        }
        try {
            return passed.readableBytes();
        } finally {
            passed.release();
        }
    }

    private static String answer(EmbeddedChannel channel) {
        ByteBuf out = channel.readOutbound();
        try {
            return out == null ? "" : out.toString(StandardCharsets.ISO_8859_1);
        } finally {
            if (out != null) {
                out.release();
            }
        }
    }

    @Test
    void aSlowHeadThatWouldTakeTheBudgetPastItsLimitIsAnswered503AndDisconnected() {
        EmbeddedChannel slow = connection();
        String first = unfinishedHead("/slow", 40);
        assertThat(send(slow, first)).isEqualTo(first.length());
        assertThat(budget.held()).as("every byte of the unfinished head").isEqualTo(first.length());

        EmbeddedChannel greedy = connection();
        assertThat(send(greedy, unfinishedHead("/greedy", 30))).as("nothing reaches the decoder").isEqualTo(-1);
        assertThat(answer(greedy)).startsWith("HTTP/1.1 503 Service Unavailable\r\n").contains("Connection: close");
        assertThat(greedy.isOpen()).isFalse();
        assertThat(budget.held()).as("the refused head is not counted").isEqualTo(first.length());

        EmbeddedChannel quick = connection();
        String whole = "GET /quick HTTP/1.1\r\nHost: shop\r\nX-Pad: " + "q".repeat(10_000) + "\r\n\r\n";
        assertThat(send(quick, whole)).as("a head that arrives whole is never counted").isEqualTo(whole.length());
        assertThat(answer(quick)).isEmpty();
        assertThat(budget.held()).isEqualTo(first.length());

        assertThat(send(slow, "\r\n")).isEqualTo(2);
        assertThat(budget.held()).as("an ended head is no longer counted").isZero();

        EmbeddedChannel later = connection();
        String again = unfinishedHead("/later", 30);
        assertThat(send(later, again)).as("room again once the first head ended").isEqualTo(again.length());
        assertThat(answer(later)).isEmpty();
        assertThat(budget.held()).isEqualTo(again.length());
        later.finishAndReleaseAll();
        assertThat(budget.held()).as("a closed connection's head is given back").isZero();
        slow.finishAndReleaseAll();
        quick.finishAndReleaseAll();
    }

    /** An HTTP/2 frame of {@code length} payload bytes. */
    private static String frame(int type, int flags, int length) {
        return new String(new byte[] {(byte) (length >>> 16), (byte) (length >>> 8), (byte) length, (byte) type, (byte) flags, 0, 0, 0,
            1}, StandardCharsets.ISO_8859_1) + "h".repeat(length);
    }

    @Test
    void anHttp2HeaderBlockCountsFromItsHeadersFrameUntilTheFrameThatEndsIt() {
        EmbeddedChannel first = new EmbeddedChannel(new Http2HeadGuard(30_000, budget));
        String opening = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" + frame(0x4, 0, 0);
        assertThat(send(first, opening)).isEqualTo(opening.length());
        assertThat(budget.held()).as("the preface and SETTINGS are no head").isZero();
        assertThat(send(first, frame(0x1, 0, 20_000))).as("frames pass on unchanged").isEqualTo(9 + 20_000);
        send(first, frame(0x9, 0, 20_000));
        assertThat(budget.held()).as("a HEADERS and a CONTINUATION frame without END_HEADERS").isEqualTo(2 * (9 + 20_000));

        EmbeddedChannel second = new EmbeddedChannel(new Http2HeadGuard(30_000, budget));
        assertThat(send(second, opening + frame(0x1, 0, 30_000))).as("a block past the budget reaches no codec").isEqualTo(-1);
        assertThat(second.isOpen()).isFalse();
        assertThat(budget.held()).isEqualTo(2 * (9 + 20_000));

        String last = frame(0x9, 0x4, 100);
        assertThat(send(first, last)).isEqualTo(last.length());
        assertThat(budget.held()).as("END_HEADERS ends the block").isZero();
        send(first, frame(0x0, 0, 16_000) + frame(0x1, 0x4 | 0x1, 300));
        assertThat(budget.held()).as("DATA frames, and a block in one frame, are not counted").isZero();
        first.finishAndReleaseAll();
    }

    @Test
    void aHeadArrivingInPiecesIsCountedAsItGrowsUntilItsConnectionCloses() {
        EmbeddedChannel channel = connection();
        send(channel, "GET /pieces HTT");
        assertThat(budget.held()).as("part of a request line").isEqualTo(15);
        send(channel, "P/1.1\r\nHost: shop\r\nX-Long: abc");
        assertThat(budget.held()).isEqualTo("GET /pieces HTTP/1.1\r\nHost: shop\r\nX-Long: abc".length());
        channel.close();
        assertThat(budget.held()).isZero();
    }
}
