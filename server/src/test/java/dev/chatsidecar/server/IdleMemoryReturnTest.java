package dev.chatsidecar.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class IdleMemoryReturnTest {
    private static final HotSpotDiagnosticMXBean VM = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);

    @Test
    void lowersTheHeapFreeRatiosSoThatACollectionShrinksTheHeap() {
        String min = VM.getVMOption("MinHeapFreeRatio").getValue();
        String max = VM.getVMOption("MaxHeapFreeRatio").getValue();
        try {
            IdleMemoryReturn.lowerHeapFreeRatios();
            assertEquals(Integer.toString(IdleMemoryReturn.MIN_FREE_PERCENT), VM.getVMOption("MinHeapFreeRatio").getValue());
            assertEquals(Integer.toString(IdleMemoryReturn.MAX_FREE_PERCENT), VM.getVMOption("MaxHeapFreeRatio").getValue());
        } finally {
            // back to this JVM's values, Max first (it may not go below Min)
            VM.setVMOption("MaxHeapFreeRatio", max);
            VM.setVMOption("MinHeapFreeRatio", min);
        }
    }

    @Test
    void givingBackRunsAFullCollection() {
        long before = collections();
        IdleMemoryReturn.giveBack();
        assertTrue(collections() > before, "GC.run ran no collection");
    }

    @Test
    void givingBackCollectsEvenWhenTheLauncherTurnedExplicitCollectionsOff() throws Exception {
        // System.gc() would do nothing with -XX:+DisableExplicitGC; the GC.run command still collects
        Process probe = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+DisableExplicitGC", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                Probe.class.getName()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(probe.waitFor(60, TimeUnit.SECONDS), "the probe JVM did not end");
        assertEquals(0, probe.exitValue());
        assertTrue(Long.parseLong(out) > 0, "collections run by giveBack(): " + out);
    }

    /** Runs in a JVM of its own: prints how many collections {@link IdleMemoryReturn#giveBack()} ran. */
    static final class Probe {
        public static void main(String[] args) {
            long before = collections();
            IdleMemoryReturn.giveBack();
            System.out.println(collections() - before);
        }
    }

    private static long collections() {
        long total = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionCount());
        }
        return total;
    }
}
