package dev.chatsidecar.bench.driver;

import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The embedded model: tokens per second of the sidecar ({@code chat/complete} on {@code local/...},
 * request sent → response arrived, completion tokens from its {@code usage}) against the raw binding
 * in a JVM of its own ({@code RawLlamaRunner}: the binding's token iterator on one thread, timed from
 * the call to the last token) — same model, prompt (the ChatML the sidecar renders), token limit,
 * temperature 0, 1 thread, context 512, launcher flags. Rounds alternate the two so load from other
 * processes hits both alike, and the verdict is the median of each round's ratio; measured on the machine as it is, then with one core taken by a
 * {@link BusyCore}. The sidecar's time includes what the raw one does not (JSON-RPC in and out, the
 * prompt rendering and token count): the comparison is conservative.
 */
final class LocalSection {
    static final double RATIO_TARGET = 0.95;
    private static final String QUESTION = "Tell me a story about a dog.";
    /** What {@code ChatMlPrompt} renders for one user message (the model file has no chat template). */
    private static final String RENDERED = "<|im_start|>user\n" + QUESTION + "<|im_end|>\n<|im_start|>assistant\n";
    private static final int CONTEXT = 512;

    private final BenchContext context;

    LocalSection(BenchContext context) {
        this.context = context;
    }

    void run(Report report) throws Exception {
        // -Dbench.localModel=... when the project root has no ../shared beside it (e.g. a scratch checkout)
        Path model = Path.of(System.getProperty("bench.localModel",
                context.root().resolve("../shared/models/stories260K.gguf").normalize().toString()));
        if (!Files.isRegularFile(model)) {
            throw new IllegalStateException("the local model is missing: " + model);
        }
        int tokens = context.smoke() ? 64 : 400;
        int rounds = context.smoke() ? 1 : 11;
        try (RawLlamaProcess raw = context.closeAtEnd(RawLlamaProcess.start(context.work(), model, 1, CONTEXT, tokens,
                0f, RENDERED))) {
            // context: the model file says 512, which the sidecar uses when local.contextSize is unset
            JsonRpcChild sidecar = context.startSidecar(Map.of("CHAT_SIDECAR_LOCAL_MODEL", model.toString()));
            ChatClient chat = new ChatClient(sidecar);
            for (int i = 0; i < 3; i++) { // the first loads the library and the model; then the JIT warms up
                sidecarOnce(chat, tokens);
                raw.generate("stream");
            }
            compare(report, "other processes as they come", raw, chat, tokens, rounds);
            try (BusyCore busy = BusyCore.start()) {
                compare(report, "one core busy (+ a busy-loop process)", raw, chat, tokens, rounds);
            }
        }
    }

    private static void compare(Report report, String load, RawLlamaProcess raw, ChatClient chat, int tokens,
                                int rounds) throws Exception {
        Samples rawStream = new Samples();
        Samples rawComplete = new Samples();
        Samples sidecar = new Samples();
        Samples ratios = new Samples(); // per round: load that drifts between rounds cancels out
        int sidecarTokens = 0;
        int rawTokens = 0;
        for (int round = 0; round < rounds; round++) {
            // alternate who goes first, so neither always runs right after the other
            RawLlamaProcess.Result viaSidecar = round % 2 == 1 ? sidecarOnce(chat, tokens) : null;
            RawLlamaProcess.Result streamed = raw.generate("stream");
            rawTokens = streamed.tokens();
            rawStream.add(streamed.tokensPerSecond());
            if (viaSidecar == null) {
                viaSidecar = sidecarOnce(chat, tokens);
            }
            sidecarTokens = viaSidecar.tokens();
            sidecar.add(viaSidecar.tokensPerSecond());
            ratios.add(viaSidecar.tokensPerSecond() / streamed.tokensPerSecond());
            rawComplete.add(raw.generate("complete").tokensPerSecond());
        }
        double ratio = ratios.median();
        String area = "embedded model: " + load;
        report.info(area, "raw binding, token iterator (" + rawTokens + " tokens, median of " + rounds + ")",
                tokensPerSecond(rawStream.median()));
        report.info(area, "raw binding, complete() in one call (no per-token hand-over to Java)",
                tokensPerSecond(rawComplete.median()));
        report.judged(area, "chat-sidecar, chat/complete streamed (" + sidecarTokens + " tokens)",
                tokensPerSecond(sidecar.median()) + " (" + Report.times(ratio) + " the raw iterator: median of the rounds' ratios)",
                "≥ " + RATIO_TARGET + "× raw", ratio >= RATIO_TARGET);
    }

    private static RawLlamaProcess.Result sidecarOnce(ChatClient chat, int tokens) throws Exception {
        JsonObject options = new JsonObject();
        options.addProperty("maxTokens", tokens);
        options.addProperty("temperature", 0);
        ChatClient.Run run = chat.start(QUESTION, "local/stories260K", options);
        chat.awaitAll(List.of(run), 120_000, null);
        run.checkSucceeded();
        int completion = run.response.getAsJsonObject("result").getAsJsonObject("usage").get("completionTokens").getAsInt();
        return new RawLlamaProcess.Result(completion, run.responseNanos - run.sentNanos);
    }

    private static String tokensPerSecond(double value) {
        return String.format(java.util.Locale.ROOT, "%.0f tokens/s", value);
    }
}
