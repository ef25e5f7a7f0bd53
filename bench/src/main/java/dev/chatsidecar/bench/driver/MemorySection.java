package dev.chatsidecar.bench.driver;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Memory over many answers, the way "any tool" starts the sidecar: plain {@code java -jar} (no flags:
 * the default collector and a heap of up to a quarter of RAM), and for comparison the shipped launcher
 * script ({@code server/target/chat-sidecar}, the launcher flags). Each process answers 200 requests
 * (batches of 10 at once, pieces every 2 ms from the fake backend); then RSS is read right after the
 * last answer and again after {@link #IDLE_MS} of idleness, when the sidecar should have given
 * memory back ({@code IdleMemoryReturn}).
 */
final class MemorySection {
    static final double AFTER_ANSWERS_TARGET_MB = 100;
    static final long IDLE_MS = 8_000;

    private final BenchContext context;

    MemorySection(BenchContext context) {
        this.context = context;
    }

    void run(Report report) throws Exception {
        boolean smoke = context.smoke();
        int batches = smoke ? 2 : 20;
        int pieces = smoke ? 30 : 400;
        try (FakeBackendProcess fake = context.startFake(List.of("--chunk-delay-ms", "2"))) {
            Map<String, String> env = new HashMap<>(context.sidecarEnvironment());
            env.put("CHAT_SIDECAR_CHATGPT_BASE_URL", fake.baseUrl());
            measure(report, "java -jar (no flags)", context.sidecar().command(List.of()), env, batches, pieces, true);
            List<String> script = List.of(context.launcherScript().toString());
            measure(report, "launcher script (" + context.launcherScript().getFileName() + ")", script, env, batches,
                    pieces, false);
        }
    }

    private void measure(Report report, String how, List<String> command, Map<String, String> env, int batches,
                         int pieces, boolean judged) throws Exception {
        try (JsonRpcChild sidecar = JsonRpcChild.start(command, env)) {
            sidecar.initialize(null);
            long idle = ProcStats.rssKb(sidecar.pid());
            ChatClient chat = new ChatClient(sidecar);
            for (int batch = 0; batch < batches; batch++) {
                List<ChatClient.Run> runs = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    runs.add(chat.start("[[chunks:" + pieces + "]] batch " + batch + " answer " + i));
                }
                chat.awaitAll(runs, 120_000, null);
                for (ChatClient.Run run : runs) {
                    run.checkSucceeded();
                }
            }
            long afterAnswers = ProcStats.rssKb(sidecar.pid());
            long peak = ProcStats.peakRssKb(sidecar.pid());
            long settleUntil = System.nanoTime() + IDLE_MS * 1_000_000;
            while (System.nanoTime() < settleUntil) {
                Thread.sleep(250); // idle on purpose: the sidecar notices idleness on its own clock
            }
            long afterIdle = ProcStats.rssKb(sidecar.pid());
            String area = "memory: " + how;
            String answers = batches * 10 + " answers";
            report.info(area, "RSS after initialize / peak while answering", Report.mb(idle) + " / " + Report.mb(peak));
            report.info(area, "RSS right after " + answers + " (10 at a time, " + pieces + " pieces each)",
                    Report.mb(afterAnswers));
            String measure = "RSS after " + answers + " and " + IDLE_MS / 1000 + " s idle";
            if (judged) {
                report.judged(area, measure, Report.mb(afterIdle), "≤ " + (int) AFTER_ANSWERS_TARGET_MB + " MB",
                        afterIdle / 1024.0 <= AFTER_ANSWERS_TARGET_MB);
            } else {
                report.info(area, measure, Report.mb(afterIdle));
            }
        }
    }
}
