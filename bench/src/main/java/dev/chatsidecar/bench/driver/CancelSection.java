package dev.chatsidecar.bench.driver;

import com.google.gson.JsonObject;
import java.util.List;

/**
 * Cancellation: a slow answer ({@code [[slow]]}: a piece every 200 ms) is cancelled after its first
 * delta, alternately with {@code $/cancelRequest} and {@code window/workDoneProgress/cancel}. Measures
 * cancel sent → error response (-32800) and checks that the fake backend saw the client abort the
 * upstream connection.
 */
final class CancelSection {
    static final double TARGET_MS = 50;

    private final BenchContext context;

    CancelSection(BenchContext context) {
        this.context = context;
    }

    void run(Report report) throws Exception {
        int n = context.smoke() ? 2 : 10;
        try (FakeBackendProcess fake = context.startFake(List.of())) {
            JsonRpcChild sidecar = context.startSidecar(fake.baseUrl());
            ChatClient chat = new ChatClient(sidecar);
            StreamSection.run(chat, "[[chunks:5]] warm up");
            Samples latency = new Samples();
            Samples abortSeen = new Samples();
            for (int i = 0; i < n; i++) {
                int abortsBefore = fake.clientAborts();
                ChatClient.Run run = chat.start("[[slow]] cancel me " + i);
                chat.awaitFirstDelta(run, 30_000);
                long sent = i % 2 == 0 ? chat.cancelRequest(run) : chat.cancelProgress(run);
                chat.awaitAll(List.of(run), 10_000, null);
                run.checkStream();
                JsonObject error = run.error();
                if (error == null || error.get("code").getAsInt() != -32800 || !"cancelled".equals(run.endReason)) {
                    throw new IllegalStateException("cancel did not end with -32800 and end(cancelled): " + run.response);
                }
                latency.add(run.responseNanos - sent);
                if (!fake.awaitClientAborts(abortsBefore + 1, 5_000)) {
                    throw new IllegalStateException("the fake backend saw no client abort after cancel " + i);
                }
                abortSeen.add(System.nanoTime() - sent);
            }
            report.judged("cancel", "cancel → error response (-32800), median of " + n + " (half $/cancelRequest, half "
                            + "window/workDoneProgress/cancel)", Report.ms(latency.median()) + " (max "
                            + Report.ms(latency.max()) + ")", "≤ " + (int) TARGET_MS + " ms",
                    latency.median() / 1e6 <= TARGET_MS);
            report.info("cancel", "upstream connection closed (fake backend counted the client abort)",
                    n + " of " + n + ", seen by polling its stats within " + Report.ms(abortSeen.max()));
        }
    }
}
