package dev.chatsidecar.bench.driver;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

/**
 * Time to first token with 50 ms of latency injected into every upstream response
 * ({@code --latency-ms 50}): the sidecar in steady state (session kept, next requirements fetched
 * ahead) against one plain HTTP round trip to the same fake, and against the seed's flow.
 */
final class TtftSection {
    static final int LATENCY_MS = 50;
    static final double TARGET_RATIO = 1.3;
    /** Time between requests, so the background requirements fetch (one round trip + proof of work) is done. */
    private static final long PAUSE_MS = 400;

    private final BenchContext context;

    TtftSection(BenchContext context) {
        this.context = context;
    }

    void run(Report report) throws Exception {
        boolean smoke = context.smoke();
        int n = smoke ? 2 : 15;
        try (FakeBackendProcess fake = context.startFake(List.of("--latency-ms", Integer.toString(LATENCY_MS)))) {
            Samples roundTrip = new Samples();
            HttpClient http = HttpClient.newHttpClient();
            for (int i = 0; i <= n; i++) {
                long start = System.nanoTime();
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/")).build(),
                        HttpResponse.BodyHandlers.ofString());
                long took = System.nanoTime() - start;
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("GET / answered " + response.statusCode());
                }
                if (i > 0) {
                    roundTrip.add(took);
                }
            }

            JsonRpcChild sidecar = context.startSidecar(fake.baseUrl());
            ChatClient chat = new ChatClient(sidecar);
            ChatClient.Run cold = StreamSection.run(chat, "[[chunks:5]] first request");
            Samples steady = new Samples();
            Samples reported = new Samples();
            for (int i = 0; i < n; i++) {
                Thread.sleep(PAUSE_MS); // an editor user's pause between questions; lets the prefetch finish
                ChatClient.Run run = StreamSection.run(chat, "[[chunks:5]] steady " + i);
                steady.add(run.firstDeltaNanos() - run.sentNanos);
                reported.add(run.response.getAsJsonObject("result").getAsJsonObject("timings").get("firstTokenMs")
                        .getAsDouble() * 1e6);
            }

            Samples seed = new Samples();
            SeedFlowClient seedFlow = new SeedFlowClient(fake.baseUrl());
            for (int i = 0; i < (smoke ? 1 : 3); i++) {
                seed.add(seedFlow.timeToFirstToken("[[chunks:5]] seed " + i));
            }

            double rtt = roundTrip.median();
            report.info("time to first token", "one upstream round trip (GET / with " + LATENCY_MS + " ms injected, median of "
                    + n + ")", Report.ms(rtt));
            report.info("time to first token", "chat-sidecar, first request of the process (session + requirements + "
                    + "conversation)", Report.ms(cold.firstDeltaNanos() - cold.sentNanos));
            double value = steady.median();
            report.judged("time to first token", "chat-sidecar, steady state (request → first report frame, median of " + n
                            + ")", Report.ms(value) + " (" + Report.times(value / rtt) + " round trip; p90 "
                            + Report.ms(steady.percentile(90)) + "; sidecar's own timings.firstTokenMs "
                            + Report.ms(reported.median()) + ")",
                    "≤ " + TARGET_RATIO + "× round trip", value / rtt <= TARGET_RATIO);
            report.info("time to first token", "seed flow (homepage + requirements + 2 s sleep + conversation, median of "
                    + seed.size() + ")", Report.ms(seed.median()) + " (" + Report.times(seed.median() / rtt) + " round trip)");
        }
    }
}
