package dev.chatsidecar.bench.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PieceScannerTest {

    private static List<Integer> scan(String... reads) {
        UpstreamTap.PieceScanner scanner = new UpstreamTap.PieceScanner();
        List<Integer> pieces = new ArrayList<>();
        for (String read : reads) {
            scanner.feed(read, pieces::add);
        }
        return pieces;
    }

    @Test
    void findsPiecesOfV1Events() {
        assertEquals(List.of(1, 2, 3), scan("event: delta\ndata: {\"p\":\"/message/content/parts/0\",\"o\":\"append\",\"v\":\"w1 \"}\n\n"
                + "event: delta\ndata: {\"v\":\"w2 \"}\n\nevent: delta\ndata: {\"v\":\"w3\"}\n\n"));
    }

    @Test
    void aPieceSplitBetweenReadsIsCountedOnceWithItsWholeNumber() {
        assertEquals(List.of(17, 18), scan("data: {\"v\":\"w1", "7 \"}\n\ndata: {\"v\":\"w", "18 \"}\n\n"));
    }

    @Test
    void ignoresWordsThatOnlyContainWAndChunkSizes() {
        assertEquals(List.of(), scan("HTTP/1.1 200 OK\r\nshow: w\r\n1a\r\ndata: {\"o\":\"new\",\"id\":\"abc-w\"}\n\n"));
    }
}
