package dev.chatsidecar.bench.driver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Per-thread CPU time and wake-ups of a process over a measured stretch, for the hop-by-hop view of
 * the streaming path. Pool threads come and go (a worker ends seconds after its last task), so a
 * snapshot before and after would miss every thread that ended in between: this polls
 * {@code /proc/PID/task/*} every {@link #POLL_MS} and keeps each thread's first and last values.
 * Threads are grouped by name without trailing digits ({@code chat-worker-3} → {@code chat-worker-}).
 * CPU time comes from {@code schedstat} (ns; {@code stat}'s 10 ms ticks are too coarse per thread),
 * wake-ups are voluntary context switches (each time the thread blocked).
 */
final class ThreadSampler implements AutoCloseable {
    static final long POLL_MS = 20;

    private record Values(String name, long cpuNanos, long wakeUps) {
    }

    private final long pid;
    private final Map<String, Values> first = new HashMap<>();
    private final Map<String, Values> last = new HashMap<>();
    private final Thread poller;
    private volatile boolean running = true;
    private boolean baselineTaken;

    private ThreadSampler(long pid) {
        this.pid = pid;
        sample();
        baselineTaken = true;
        this.poller = new Thread(this::poll, "thread-sampler-" + pid);
        poller.setDaemon(true);
        poller.start();
    }

    /** Starts sampling {@code pid} now. */
    static ThreadSampler start(long pid) {
        return new ThreadSampler(pid);
    }

    /** CPU nanoseconds used per thread group since the start (call after {@link #close()}). */
    Map<String, Long> cpuNanos() {
        return totals(true);
    }

    /** Wake-ups (voluntary context switches) per thread group since the start (call after {@link #close()}). */
    Map<String, Long> wakeUps() {
        return totals(false);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        poller.join();
        sample();
    }

    private synchronized Map<String, Long> totals(boolean cpu) {
        Map<String, Long> byName = new TreeMap<>();
        last.forEach((tid, now) -> {
            Values then = first.get(tid);
            long used = cpu ? now.cpuNanos - then.cpuNanos : now.wakeUps - then.wakeUps;
            byName.merge(now.name, Math.max(0, used), Long::sum);
        });
        return byName;
    }

    private void poll() {
        while (running) {
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                return;
            }
            sample();
        }
    }

    private synchronized void sample() {
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                Values values = read(task);
                if (values != null) {
                    String tid = task.getFileName().toString();
                    // a thread first seen after the start began at zero
                    first.putIfAbsent(tid, baselineTaken ? new Values(values.name, 0, 0) : values);
                    last.put(tid, values);
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process ended: keep what was seen
        }
    }

    private static Values read(Path task) {
        try {
            String name = Files.readString(task.resolve("comm")).trim().replaceAll("[0-9]+$", "");
            long cpu = Long.parseLong(Files.readString(task.resolve("schedstat")).trim().split(" ")[0]);
            long wakeUps = 0;
            for (String line : Files.readAllLines(task.resolve("status"))) {
                if (line.startsWith("voluntary_ctxt_switches:")) {
                    wakeUps = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                }
            }
            return new Values(name, cpu, wakeUps);
        } catch (IOException | RuntimeException e) {
            return null; // the thread ended between listing and reading
        }
    }
}
