package dev.chatsidecar.bench.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamSectionTest {

    @Test
    void piecesOfACoalescedDelta() {
        assertEquals(List.of(7, 8, 9), StreamSection.piecesIn("w7 w8 w9 "));
        assertEquals(List.of(1), StreamSection.piecesIn("w1 "));
        assertEquals(List.of(), StreamSection.piecesIn(" "));
    }

    @Test
    void flagStudyAddsEachRecommendedFlagOnceAndEndsWithAppCds() {
        List<List<String>> steps = FlagStudy.steps();
        assertEquals(List.of(), steps.get(0));
        long flags = steps.stream().flatMap(List::stream).filter(f -> f.startsWith("-")).count();
        assertEquals(LauncherFlags.RECOMMENDED.size(), flags);
        assertEquals(List.of("<AppCDS>"), steps.get(steps.size() - 1));
    }

    @Test
    void perThreadCostIsTheDifferenceLargestFirstWithoutNegligibleThreads() {
        Map<String, Long> before = Map.of("HttpClient-1-Se", 1_000_000L, "chat-worker-", 0L, "idle", 5_000L);
        Map<String, Long> after = Map.of("HttpClient-1-Se", 3_000_000L, "chat-worker-", 5_000_000L, "idle", 5_100L,
                "new-thread", 1_000_000L);
        // 100 pieces: chat-worker 50 µs, selector 20 µs, new-thread 10 µs, idle 1 ns (left out)
        assertEquals("chat-worker- 50.0 µs, HttpClient-1-Se 20.0 µs, new-thread 10.0 µs",
                StreamSection.perThread(before, after, 100, 1_000, Report::us));
    }

    @Test
    void argumentsNameThePeersDirectoryAndAddThePeerSection() {
        BenchDriver.Options options = BenchDriver.Options.parse(new String[] {"--smoke", "--peers", "/tmp/peers"});
        assertEquals(Path.of("/tmp/peers"), options.peersDir());
        assertEquals(1, options.sections().indexOf("peers"));
        assertEquals(BenchDriver.ALL_SECTIONS.size() + 1, options.sections().size());
        assertEquals(null, BenchDriver.Options.parse(new String[] {"--smoke"}).peersDir());
    }
}
