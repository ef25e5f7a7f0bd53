package dev.chatsidecar.server.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PieceBatcherTest {
    private final List<String> deltas = new ArrayList<>();
    private long now;
    private final PieceBatcher batcher = new PieceBatcher(deltas::add, () -> now);

    @Test
    void fastTokensBecomeOneDeltaPerFrameIntervalAndNoTextIsLost() {
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < 100; i++) { // 100 tokens 0.3 ms apart: 30 ms
            now = i * 300_000L;
            batcher.add("t" + i + " ");
            all.append("t").append(i).append(' ');
        }
        batcher.flush();
        assertEquals(all.toString(), String.join("", deltas));
        assertEquals("t0 ", deltas.get(0), "the first piece goes out at once");
        assertEquals(5, deltas.size(), "first piece, one delta per 8 ms over 30 ms, the rest at the end: " + deltas);
    }

    @Test
    void tokensOfAModelOfNormalSpeedStreamOneByOne() {
        for (int i = 0; i < 5; i++) { // 50 tokens a second
            now = i * 20_000_000L;
            batcher.add("p" + i);
        }
        assertEquals(List.of("p0", "p1", "p2", "p3", "p4"), deltas);
    }

    @Test
    void emptyPiecesSendNothingAndFlushWithNothingPendingSendsNothing() {
        batcher.add("");
        batcher.flush();
        assertEquals(List.of(), deltas);
    }
}
