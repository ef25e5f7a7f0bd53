package dev.chatsidecar.bench.driver;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Streaming against the fake backend, with the sidecar started as the clients start it:
 * <ul>
 *   <li>memory: RSS right after {@code initialize}, and the peak ({@code VmHWM}) while 10 answers
 *       stream at once — the first 10 of the process (cold) and 10 more (warm);</li>
 *   <li>CPU per delta: the sidecar's process CPU time (all threads: HTTP, SSE, decoder, JSON-RPC
 *       writer, JIT, GC) across long answers of {@code [[chunks:N]]} pieces, divided by N; the fake
 *       sends a piece every 2 ms, so each piece travels alone, as tokens do;</li>
 *   <li>added latency per delta: through {@link UpstreamTap}, from the moment a piece's bytes were
 *       written to the sidecar's socket to the arrival of the frame carrying it.</li>
 * </ul>
 */
final class StreamSection {
    static final double CPU_TARGET_US = 50;
    static final double LATENCY_P99_TARGET_MS = 1;
    static final double RSS_GROWTH_TARGET_MB = 16;
    private static final List<String> PIECE_EVERY_2_MS = List.of("--chunk-delay-ms", "2");

    private final BenchContext context;

    StreamSection(BenchContext context) {
        this.context = context;
    }

    void run(Report report) throws Exception {
        boolean smoke = context.smoke();
        try (FakeBackendProcess fake = context.startFake(PIECE_EVERY_2_MS)) {
            JsonRpcChild sidecar = context.startSidecar(fake.baseUrl());
            long rssAfterInit = ProcStats.rssKb(sidecar.pid());
            ChatClient chat = new ChatClient(sidecar);
            int pieces = smoke ? 30 : 400;
            long coldPeak = concurrentPeak(sidecar, chat, 10, pieces);
            long warmPeak = concurrentPeak(sidecar, chat, 10, pieces);
            report.info("memory", "chat-sidecar RSS right after initialize (launcher flags + AppCDS)", Report.mb(rssAfterInit));
            report.judged("memory", "peak RSS while streaming 10 answers at once, first 10 of the process ("
                            + pieces + " pieces each)", Report.mb(coldPeak) + " (+" + Report.mb(coldPeak - rssAfterInit) + ")",
                    "≤ +" + (int) RSS_GROWTH_TARGET_MB + " MB", (coldPeak - rssAfterInit) / 1024.0 <= RSS_GROWTH_TARGET_MB);
            report.info("memory", "peak RSS after 10 more at once (warm)", Report.mb(warmPeak) + " (+"
                    + Report.mb(warmPeak - rssAfterInit) + ")");

            int cpuPieces = smoke ? 50 : 2000;
            int measured = smoke ? 1 : 3;
            cpuPerDelta(report, sidecar, chat, cpuPieces, measured, "gzip as chatgpt.com sends it");
        }
        burst(report);
        try (FakeBackendProcess plain = context.startFake(List.of("--chunk-delay-ms", "2", "--no-compression"));
             UpstreamTap tap = new UpstreamTap(plain.port())) {
            JsonRpcChild sidecar = context.startSidecar(tap.baseUrl());
            ChatClient chat = new ChatClient(sidecar);
            int pieces = smoke ? 50 : 2000;
            run(chat, "[[chunks:" + (smoke ? 20 : 300) + "]] warm up");
            tap.clear();
            long cpuBefore = ProcStats.cpuNanos(sidecar.pid());
            ChatClient.Run run = run(chat, "[[chunks:" + pieces + "]] latency");
            long cpu = ProcStats.cpuNanos(sidecar.pid()) - cpuBefore;
            Samples latency = new Samples();
            for (ChatClient.Delta delta : run.deltas) {
                for (int piece : piecesIn(delta.text())) {
                    Long in = tap.pieceNanos(piece);
                    if (in == null) {
                        throw new IllegalStateException("the tap did not see piece w" + piece);
                    }
                    latency.add(delta.arrivedNanos() - in);
                }
            }
            if (latency.size() != pieces) {
                throw new IllegalStateException("matched " + latency.size() + " of " + pieces + " pieces");
            }
            report.info("per delta", "frames per upstream piece (1.00 = no coalescing)",
                    String.format(Locale.ROOT, "%.2f", run.deltas.size() / (double) pieces));
            report.info("per delta", "added latency p50 (upstream bytes in → frame out, " + pieces + " pieces)",
                    Report.us(latency.median()));
            report.judged("per delta", "added latency p99", Report.us(latency.percentile(99)) + " (max "
                    + Report.us(latency.max()) + ")", "≤ " + (int) LATENCY_P99_TARGET_MS + " ms",
                    latency.percentile(99) / 1e6 <= LATENCY_P99_TARGET_MS);
            report.info("per delta", "sidecar CPU per delta, uncompressed stream (same run)", Report.us(cpu / (double) pieces));
        }
    }

    /** Streams {@code count} answers at once; returns the process's peak RSS (VmHWM, kB) afterwards. */
    private static long concurrentPeak(JsonRpcChild sidecar, ChatClient chat, int count, int pieces) throws Exception {
        List<ChatClient.Run> runs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            runs.add(chat.start("[[chunks:" + pieces + "]] concurrent " + i));
        }
        chat.awaitAll(runs, 120_000, null);
        for (ChatClient.Run run : runs) {
            run.checkSucceeded();
        }
        return ProcStats.peakRssKb(sidecar.pid());
    }

    private static void cpuPerDelta(Report report, JsonRpcChild sidecar, ChatClient chat, int pieces, int measured,
                                    String what) throws Exception {
        run(chat, "[[chunks:" + pieces + "]] warm up the JIT");
        Samples perDelta = new Samples();
        ThreadSampler threads = ThreadSampler.start(sidecar.pid());
        for (int i = 0; i < measured; i++) {
            long before = ProcStats.cpuNanos(sidecar.pid());
            run(chat, "[[chunks:" + pieces + "]] cpu " + i);
            perDelta.add((ProcStats.cpuNanos(sidecar.pid()) - before) / (double) pieces);
        }
        threads.close();
        double value = perDelta.median();
        report.judged("per delta", "sidecar CPU per delta, a piece every 2 ms, " + what + " (" + pieces
                        + " pieces, median of " + measured + ")", Report.us(value),
                "≤ " + (int) CPU_TARGET_US + " µs", value / 1e3 <= CPU_TARGET_US);
        report.info("per delta", "… of which, per thread (the hops; a pool's threads summed)",
                perThread(Map.of(), threads.cpuNanos(), pieces * (long) measured, 1_000, Report::us));
        report.info("per delta", "… wake-ups per delta (voluntary context switches), per thread",
                perThread(Map.of(), threads.wakeUps(), pieces * (long) measured, 0.05,
                        v -> String.format(Locale.ROOT, "%.2f", v)));
    }

    /** "name value, name value, …" per delta, largest first, threads under {@code least} per delta left out. */
    static String perThread(Map<String, Long> before, Map<String, Long> after, long pieces, double least,
                            java.util.function.DoubleFunction<String> format) {
        List<Map.Entry<String, Long>> used = new ArrayList<>();
        after.forEach((name, nanos) -> used.add(Map.entry(name, nanos - before.getOrDefault(name, 0L))));
        used.sort((a, b) -> Long.compare(b.getValue(), a.getValue()));
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, Long> entry : used) {
            double perPiece = entry.getValue() / (double) pieces;
            if (perPiece >= least) {
                text.append(text.length() == 0 ? "" : ", ").append(entry.getKey().strip()).append(' ')
                        .append(format.apply(perPiece));
            }
        }
        return text.toString();
    }

    /** CPU per piece when the fake sends as fast as it can: many pieces per read, frames coalesced. */
    private void burst(Report report) throws Exception {
        int pieces = context.smoke() ? 500 : 20_000;
        try (FakeBackendProcess fake = context.startFake(List.of())) {
            JsonRpcChild sidecar = context.startSidecar(fake.baseUrl());
            ChatClient chat = new ChatClient(sidecar);
            run(chat, "[[chunks:" + pieces + "]] warm up the JIT");
            long before = ProcStats.cpuNanos(sidecar.pid());
            ChatClient.Run run = run(chat, "[[chunks:" + pieces + "]] burst");
            long cpu = ProcStats.cpuNanos(sidecar.pid()) - before;
            report.info("per delta", "sidecar CPU per delta, pieces back to back (" + pieces + " pieces, gzip; "
                    + String.format(Locale.ROOT, "%.2f", run.deltas.size() / (double) pieces) + " frames per piece)",
                    Report.us(cpu / (double) pieces));
        }
    }

    static ChatClient.Run run(ChatClient chat, String prompt) throws Exception {
        ChatClient.Run run = chat.start(prompt);
        chat.awaitAll(List.of(run), 300_000, null);
        run.checkSucceeded();
        return run;
    }

    /** The piece numbers {@code N} of the {@code wN} words in a delta. */
    static List<Integer> piecesIn(String delta) {
        List<Integer> pieces = new ArrayList<>();
        for (String word : delta.trim().split("\\s+")) {
            if (word.length() > 1 && word.charAt(0) == 'w') {
                pieces.add(Integer.parseInt(word.substring(1)));
            }
        }
        return pieces;
    }
}
