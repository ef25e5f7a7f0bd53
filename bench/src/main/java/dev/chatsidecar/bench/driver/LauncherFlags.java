package dev.chatsidecar.bench.driver;

import java.util.List;

/**
 * The JVM flags editors start the sidecar with (docs/benchmarks.md shows the measurements behind
 * each one). Kept in one place so the benchmark measures exactly what the clients run.
 */
public final class LauncherFlags {
    /**
     * C1 only (start-up and steady state here are dominated by short-lived work and system calls; C2
     * compiler threads cost CPU and memory without making the per-delta path cheaper) with one compiler
     * thread; the serial collector (the smallest footprint; pauses are negligible for a heap this size);
     * a small initial heap, so the young generation, and with it RSS, grows only when needed; smaller
     * thread stacks; no perf-data file; JVM warnings on stderr, never on stdout (the protocol stream: a
     * stale AppCDS archive otherwise prints its warning there).
     */
    public static final List<String> RECOMMENDED = List.of(
            "-XX:TieredStopAtLevel=1",
            "-XX:CICompilerCount=1",
            "-XX:+UseSerialGC",
            "-Xms8m",
            "-Xmx256m",
            "-Xss512k",
            "-XX:-UsePerfData",
            "-Xlog:disable",
            "-Xlog:all=warning:stderr");

    private LauncherFlags() {
    }
}
