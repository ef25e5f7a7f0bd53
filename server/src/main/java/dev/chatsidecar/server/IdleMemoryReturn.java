package dev.chatsidecar.server;

import com.sun.management.HotSpotDiagnosticMXBean;
import dev.chatsidecar.server.log.Log;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Gives memory back to the operating system when the sidecar goes idle, whatever flags the JVM was
 * started with (issue 17: started as plain {@code java -jar}, the default G1 heap let RSS grow from
 * 48 MB to ~400 MB over 200 answers and kept it).
 *
 * <p>A daemon thread, started from {@code Main}; it does nothing during start-up (the management
 * classes cost milliseconds, so they load {@link #SETTLE_MS} after start). Then:
 * <ul>
 *   <li>once: lowers the manageable {@code MinHeapFreeRatio}/{@code MaxHeapFreeRatio} (40/70 by
 *       default) to {@value #MIN_FREE_PERCENT}/{@value #MAX_FREE_PERCENT}, so a collection shrinks
 *       the heap to little more than its live data (G1, Serial and Parallel honour them);</li>
 *   <li>every {@link #POLL_MS}: samples the process's CPU time and the bytes its threads allocated.
 *       When both stayed near zero for {@link #IDLE_POLLS} polls in a row (no answer streaming, not
 *       even a slow one) and the heap grew by {@link #WORTH_BYTES} or was collected since the last
 *       time (or was never given back yet), it runs {@link #giveBack()}: a full collection through
 *       the {@code GC.run} diagnostic command (unlike {@code System.gc()} it collects even with
 *       {@code -XX:+DisableExplicitGC}), which with the lowered ratios returns the unused heap, then
 *       {@code System.trim_native_heap}: glibc keeps freed native memory (the collector's remembered
 *       sets, compiler arenas) in its arenas otherwise.</li>
 * </ul>
 * Measured (docs/benchmarks.md), plain {@code java -jar}, 200 answers: RSS ~335 MB kept for good
 * before; now ~100 MB after the collection and ~84 MB after the trim (−24 MB in that run). The JMX
 * server the commands need costs ~2.5 MB once.
 * Costs when idle: one wake-up per second. Any failure (another JVM, a missing command) only turns
 * the feature off, with a debug log line.
 */
public final class IdleMemoryReturn extends Thread {
    private static final Log LOG = Log.get(IdleMemoryReturn.class);
    static final long SETTLE_MS = 2_000;
    static final long POLL_MS = 1_000;
    static final int IDLE_POLLS = 2;
    /** CPU per poll below which the process counts as idle (1% of one core). */
    static final long IDLE_CPU_NANOS = POLL_MS * 10_000;
    /** Allocation per poll below which the process counts as idle (the poll itself allocates a little). */
    static final long IDLE_ALLOCATED_BYTES = 256 * 1024;
    /** Heap growth since the last give-back that makes another one worth its pause. */
    static final long WORTH_BYTES = 4L * 1024 * 1024;
    static final int MIN_FREE_PERCENT = 10;
    static final int MAX_FREE_PERCENT = 20;
    private static final String DIAGNOSTIC_COMMANDS = "com.sun.management:type=DiagnosticCommand";
    private static final String[] STRING_ARRAY = {String[].class.getName()};

    private IdleMemoryReturn() {
        super("memory-give-back");
        setDaemon(true);
        setPriority(Thread.MIN_PRIORITY);
    }

    /** Starts the background thread (returns at once; nothing heavy runs before {@link #SETTLE_MS}). */
    public static void startInBackground() {
        new IdleMemoryReturn().start();
    }

    @Override
    public void run() {
        try {
            Thread.sleep(SETTLE_MS);
            lowerHeapFreeRatios();
            watch();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | LinkageError e) {
            LOG.debug("giving memory back when idle is off: " + e);
        }
    }

    static void lowerHeapFreeRatios() {
        HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        // Min before Max: the JVM rejects a Max below the current Min (40 by default)
        vm.setVMOption("MinHeapFreeRatio", Integer.toString(MIN_FREE_PERCENT));
        vm.setVMOption("MaxHeapFreeRatio", Integer.toString(MAX_FREE_PERCENT));
    }

    private void watch() throws InterruptedException {
        IdleProbe probe = new IdleProbe();
        HeapMark mark = null; // the first idle moment shrinks the initial heap before any answer grows it
        int idlePolls = 0;
        while (true) {
            Thread.sleep(POLL_MS);
            boolean idle = probe.idleSinceLastSample();
            idlePolls = idle ? idlePolls + 1 : 0;
            if (idlePolls >= IDLE_POLLS && (mark == null || HeapMark.now().worthReturningSince(mark))) {
                giveBack();
                probe.idleSinceLastSample(); // the give-back's own CPU does not count as activity
                mark = HeapMark.now();
                idlePolls = 0;
            }
        }
    }

    /** A full collection that shrinks the heap, then glibc's free lists back to the system. */
    static void giveBack() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long before = memory.getHeapMemoryUsage().getCommitted();
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            ObjectName commands = new ObjectName(DIAGNOSTIC_COMMANDS);
            server.invoke(commands, "gcRun", new Object[] {new String[0]}, STRING_ARRAY);
            try {
                server.invoke(commands, "systemTrimNativeHeap", new Object[] {new String[0]}, STRING_ARRAY);
            } catch (javax.management.JMException e) {
                // JDK 17 builds before 17.0.9 have no such command: the heap part still helps
            }
        } catch (javax.management.JMException e) {
            System.gc();
        }
        LOG.debug("idle: heap committed " + before / 1024 + " kB -> " + memory.getHeapMemoryUsage().getCommitted() / 1024
                + " kB");
    }

    /** Samples process CPU time and bytes allocated by all threads since the previous sample. */
    private static final class IdleProbe {
        private final com.sun.management.OperatingSystemMXBean os =
                ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class);
        private final com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        private long lastCpu = os.getProcessCpuTime();
        private long lastAllocated = threads.getTotalThreadAllocatedBytes();

        boolean idleSinceLastSample() {
            long cpu = os.getProcessCpuTime();
            // live threads only: a thread that ended makes the sum drop, which reads as idle, and its
            // work showed up as CPU anyway
            long allocated = threads.getTotalThreadAllocatedBytes();
            boolean idle = cpu - lastCpu < IDLE_CPU_NANOS && allocated - lastAllocated < IDLE_ALLOCATED_BYTES;
            lastCpu = cpu;
            lastAllocated = allocated;
            return idle;
        }
    }

    /** Heap use and collection count at one moment. */
    private record HeapMark(long usedBytes, long collections) {
        static HeapMark now() {
            long collections = 0;
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                collections += Math.max(0, gc.getCollectionCount());
            }
            return new HeapMark(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), collections);
        }

        /** True when the heap grew by {@link #WORTH_BYTES} or a collection ran since {@code earlier}. */
        boolean worthReturningSince(HeapMark earlier) {
            return usedBytes - earlier.usedBytes >= WORTH_BYTES || collections > earlier.collections;
        }
    }
}
