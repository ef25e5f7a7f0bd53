package dev.chatsidecar.bench.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
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
}
