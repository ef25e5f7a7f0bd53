package dev.chatsidecar.bench.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SamplesTest {

    @Test
    void nearestRankPercentiles() {
        Samples samples = new Samples();
        for (int i = 100; i >= 1; i--) {
            samples.add(i);
        }
        assertEquals(50, samples.median());
        assertEquals(99, samples.percentile(99));
        assertEquals(100, samples.percentile(100));
        assertEquals(1, samples.percentile(0));
        assertEquals(100, samples.max());
    }

    @Test
    void oddCountMedianIsTheMiddleValue() {
        Samples samples = new Samples();
        samples.add(3);
        samples.add(1);
        samples.add(2);
        assertEquals(2, samples.median());
    }

    @Test
    void emptyIsNaN() {
        assertTrue(Double.isNaN(new Samples().median()));
    }
}
