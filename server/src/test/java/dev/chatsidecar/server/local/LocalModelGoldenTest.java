package dev.chatsidecar.server.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.kherud.llama.InferenceParameters;
import dev.chatsidecar.protocol.ChatMessage;
import dev.chatsidecar.server.testing.SharedFiles;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The embedded model against the values measured in ../shared/embedded-llama.md. */
class LocalModelGoldenTest {
    static final String GOLDEN_SHA256 = "1fc1d9ac1bb827ece06f8404c6d36603597045899741a4dcb66a948eb9f862f1";

    static LocalModel storiesModel() throws LocalModelException {
        return LlamaRuntime.shared().model(LocalModelFile.check(SharedFiles.storiesModel().toString()), 1, 512);
    }

    private static InferenceParameters golden() {
        return new InferenceParameters("Once upon a time").setNPredict(64).setTemperature(0).setSeed(42)
                .setIgnoreEos(true);
    }

    @Test
    void greedyOutputMatchesTheGoldenHashAndStreamingEqualsComplete() throws Exception {
        LocalModel model = storiesModel();
        assertTrue(model.awaitTurn(() -> false));
        try {
            StringBuilder streamed = new StringBuilder();
            LocalModel.Generation generation = model.generate(golden(), piece -> {
                streamed.append(piece);
                return true;
            }, () -> false);
            assertEquals(LocalModel.Ending.FINISHED, generation.ending());
            assertEquals(64, generation.tokens());
            assertTrue(streamed.toString().startsWith(", there was a little girl named Lily. She loved to play "
                    + "outside in the park."), streamed.toString());
            assertEquals(GOLDEN_SHA256, sha256(streamed.toString()));
            assertEquals(streamed.toString(), model.complete(golden()));
        } finally {
            model.endTurn();
        }
    }

    @Test
    void theModelIsLoadedOnceAndTheLibraryCameFromThePrivateCopy() throws Exception {
        assertSame(storiesModel(), storiesModel());
        assertTrue(LlamaRuntime.shared().nativeLoadMs() >= 0);
        String libPath = System.getProperty("de.kherud.llama.lib.path");
        String tmpDir = System.getProperty("de.kherud.llama.tmpdir");
        assertTrue(libPath != null && libPath.contains("jllama-4.2.0-"), "lib path " + libPath);
        assertTrue(tmpDir != null && !tmpDir.equals(System.getProperty("java.io.tmpdir")), "tmpdir " + tmpDir);
    }

    @Test
    void cancellationIsSeenBetweenTokensAndTheModelStaysUsable() throws Exception {
        LocalModel model = storiesModel();
        assertTrue(model.awaitTurn(() -> false));
        try {
            AtomicInteger pieces = new AtomicInteger();
            LocalModel.Generation cancelled = model.generate(golden(), piece -> pieces.incrementAndGet() > 0,
                    () -> pieces.get() >= 5);
            assertEquals(LocalModel.Ending.CANCELLED, cancelled.ending());
            assertEquals(5, pieces.get());
            StringBuilder again = new StringBuilder();
            model.generate(golden(), piece -> again.append(piece) != null, () -> false);
            assertEquals(GOLDEN_SHA256, sha256(again.toString()));
        } finally {
            model.endTurn();
        }
    }

    @Test
    void aPieceConsumerCanStopTheGeneration() throws Exception {
        LocalModel model = storiesModel();
        assertTrue(model.awaitTurn(() -> false));
        try {
            StringBuilder text = new StringBuilder();
            LocalModel.Generation stopped = model.generate(golden(), piece -> {
                text.append(piece);
                return !text.toString().contains("Lily");
            }, () -> false);
            assertEquals(LocalModel.Ending.STOPPED, stopped.ending());
            assertTrue(text.toString().endsWith("Lily"), text.toString());
        } finally {
            model.endTurn();
        }
    }

    @Test
    void generatingWithoutTheTurnIsRefused() throws Exception {
        LocalModel model = storiesModel();
        assertThrows(IllegalStateException.class, () -> model.generate(golden(), piece -> true, () -> false));
    }

    @Test
    void aModelWithoutTemplateGetsChatMlAndAnEmptyConversationNeverReachesTheBinding() throws Exception {
        LocalModel model = storiesModel();
        assertFalse(model.hasChatTemplate());
        LocalModel.RenderedPrompt prompt = model.render(List.of(ChatMessage.user("Once upon a time")));
        assertEquals("<|im_start|>user\nOnce upon a time<|im_end|>\n<|im_start|>assistant\n", prompt.text());
        assertEquals(ChatMlPrompt.STOP_TEXTS, prompt.stopTexts());
        assertThrows(IllegalArgumentException.class, () -> model.render(List.of()));
    }

    static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
