package dev.chatsidecar.server.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.chatsidecar.protocol.ChatMessage;
import dev.chatsidecar.protocol.ErrorType;
import dev.chatsidecar.protocol.GenerationOptions;
import dev.chatsidecar.protocol.ModelInfo;
import dev.chatsidecar.server.backend.BackendRequest;
import dev.chatsidecar.server.backend.BackendResult;
import dev.chatsidecar.server.backend.DeltaSink;
import dev.chatsidecar.server.settings.Settings;
import dev.chatsidecar.server.testing.SharedFiles;
import dev.chatsidecar.server.upstream.BackendException;
import dev.chatsidecar.server.upstream.CancelSignal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link LocalChatBackend} called directly, with the shared stories260K model. */
class LocalChatBackendTest {
    private final LocalChatBackend backend = new LocalChatBackend();

    /** Settings for the shared model; every test uses context 512 and 1 thread, as the model is loaded once. */
    static Settings settings(String modelPath) throws Exception {
        JsonObject local = new JsonObject();
        if (modelPath != null) {
            local.addProperty("modelPath", modelPath);
        }
        local.addProperty("contextSize", 512);
        local.addProperty("threads", 1);
        JsonObject root = new JsonObject();
        root.add("local", local);
        return Settings.build(root, Map.of());
    }

    private static BackendRequest request(String prompt, Double temperature, Integer maxTokens) throws Exception {
        return new BackendRequest(List.of(ChatMessage.user(prompt)), "local/stories260K", null,
                new GenerationOptions(temperature, maxTokens), settings(SharedFiles.storiesModel().toString()));
    }

    /** Collects deltas; optionally cancels the request after {@code cancelAfter} deltas. */
    static final class RecordingSink implements DeltaSink {
        final List<String> deltas = new ArrayList<>();
        final AtomicInteger accepted = new AtomicInteger();
        CancelSignal cancelAfterDeltas;
        int cancelAfter = Integer.MAX_VALUE;

        @Override
        public void accepted() {
            accepted.incrementAndGet();
        }

        @Override
        public synchronized void delta(String text) {
            if (text.isEmpty()) {
                return;
            }
            assertTrue(accepted.get() > 0, "delta before accepted");
            deltas.add(text);
            if (deltas.size() >= cancelAfter) {
                cancelAfterDeltas.cancel();
            }
        }

        synchronized String text() {
            return String.join("", deltas);
        }
    }

    @Test
    void listsTheConfiguredFileAsAvailableWithTheLocalAlias() throws Exception {
        List<ModelInfo> models = backend.models(settings(SharedFiles.storiesModel().toString()));
        assertEquals(1, models.size());
        ModelInfo model = models.get(0);
        assertEquals("local/stories260K", model.id);
        assertEquals("local", model.provider);
        assertEquals(List.of("local"), model.aliases);
        assertTrue(model.available);
        assertNull(model.unavailableReason);
    }

    @Test
    void listsAnUnsetOrBadFileAsUnavailableWithTheReason(@TempDir Path dir) throws Exception {
        ModelInfo unset = backend.models(settings(null)).get(0);
        assertEquals("local/model", unset.id);
        assertFalse(unset.available);
        assertEquals(LocalModelFile.check(null).problem(), unset.unavailableReason);

        Path cut = Files.write(dir.resolve("half.gguf"), java.util.Arrays.copyOf(
                Files.readAllBytes(SharedFiles.storiesModel()), 600_000));
        ModelInfo bad = backend.models(settings(cut.toString())).get(0);
        assertEquals("local/half", bad.id);
        assertFalse(bad.available);
        assertTrue(bad.unavailableReason.startsWith("The local model file is truncated"), bad.unavailableReason);
    }

    @Test
    void aRequestToAnUnusableFileFailsAsUnreachableWithTheFileProblem(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("gone.gguf");
        BackendRequest request = new BackendRequest(List.of(ChatMessage.user("hi")), "local/gone", null,
                new GenerationOptions(), settings(missing.toString()));
        RecordingSink sink = new RecordingSink();
        BackendException e = assertThrows(BackendException.class, () -> backend.complete(request, sink, new CancelSignal()));
        assertEquals(ErrorType.UNREACHABLE, e.type());
        assertEquals("The local model file does not exist: " + missing, e.getMessage());
        assertTrue(e.hint().contains("CHAT_SIDECAR_LOCAL_MODEL"));
        assertEquals(0, sink.accepted.get());
    }

    @Test
    void greedyAnswersAreRepeatableAndStopAtMaxTokensWithLength() throws Exception {
        RecordingSink first = new RecordingSink();
        BackendResult result = backend.complete(request("Once upon a time", 0.0, 24), first, new CancelSignal());
        assertEquals("length", result.finishReason());
        assertEquals(24, result.usage().completionTokens);
        assertEquals(result.usage().promptTokens + 24, result.usage().totalTokens);
        assertTrue(result.usage().promptTokens > 10, "ChatML prompt tokens: " + result.usage().promptTokens);
        assertFalse(first.text().isBlank());
        assertFalse(first.text().contains("<|im_"), first.text());
        RecordingSink second = new RecordingSink();
        backend.complete(request("Once upon a time", 0.0, 24), second, new CancelSignal());
        assertEquals(first.text(), second.text());
        assertEquals(1, first.accepted.get());
    }

    @Test
    void cancelMidGenerationStopsAtTheNextTokenAndFreesTheModel() throws Exception {
        RecordingSink sink = new RecordingSink();
        CancelSignal cancel = new CancelSignal();
        sink.cancelAfterDeltas = cancel;
        sink.cancelAfter = 3;
        BackendException e = assertThrows(BackendException.class,
                () -> backend.complete(request("Once upon a time", 0.0, 400), sink, cancel));
        assertEquals(ErrorType.CANCELLED, e.type());
        assertEquals(3, sink.deltas.size(), "no delta after the cancel: " + sink.deltas);
        RecordingSink after = new RecordingSink();
        assertEquals("length", backend.complete(request("Once upon a time", 0.0, 8), after, new CancelSignal())
                .finishReason());
    }

    @Test
    void concurrentRequestsTakeTurnsAndEachGetsTheWholeAnswer() throws Exception {
        RecordingSink alone = new RecordingSink();
        backend.complete(request("The cat", 0.0, 48), alone, new CancelSignal());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                answers.add(pool.submit(() -> {
                    RecordingSink sink = new RecordingSink();
                    backend.complete(request("The cat", 0.0, 48), sink, new CancelSignal());
                    return sink.text();
                }));
            }
            for (Future<String> answer : answers) {
                assertEquals(alone.text(), answer.get(30, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aQueuedRequestCanBeCancelledBeforeItsTurn() throws Exception {
        LocalModel model = LocalModelGoldenTest.storiesModel();
        assertTrue(model.awaitTurn(() -> false));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            RecordingSink sink = new RecordingSink();
            CancelSignal cancel = new CancelSignal();
            Future<BackendResult> queued = pool.submit(() -> backend.complete(request("Once upon a time", 0.0, 8),
                    sink, cancel));
            cancel.cancel();
            java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
                    () -> queued.get(10, TimeUnit.SECONDS));
            assertEquals(ErrorType.CANCELLED, ((BackendException) e.getCause()).type());
            assertEquals(0, sink.accepted.get(), "never accepted: it was still waiting for the model");
        } finally {
            model.endTurn();
            pool.shutdownNow();
        }
    }

    @Test
    void aConversationLongerThanTheContextIsAnInvalidRequest() throws Exception {
        String longPrompt = "The little dog ran to the park. ".repeat(120);
        RecordingSink sink = new RecordingSink();
        BackendException e = assertThrows(BackendException.class,
                () -> backend.complete(request(longPrompt, 0.0, 8), sink, new CancelSignal()));
        assertEquals(ErrorType.INVALID_REQUEST, e.type());
        assertTrue(e.getMessage().startsWith("The conversation is too long for the local model local/stories260K: "),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("and its context holds 512."), e.getMessage());
        assertEquals(0, sink.accepted.get());
    }
}
