package dev.chatsidecar.server.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.chatsidecar.fake.FakeBackend;
import dev.chatsidecar.server.testing.ChildSidecar;
import dev.chatsidecar.server.testing.SharedFiles;
import dev.chatsidecar.server.testing.SpecialFiles;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * File settings pointing at things that are not files, through the real server launched as the
 * README says: {@code tls.caFile} on a FIFO or {@code /dev/zero}, {@code local.modelPath} on a FIFO.
 * Each request that needs the path fails at once with an error naming the setting; the model list,
 * the other backends and cancel keep working (before, one worker blocked in {@code open()} or read
 * {@code /dev/zero} forever while holding a lock every other request needed).
 */
class HostileFilePathsTest {
    @TempDir
    Path dir;


    private ChildSidecar launch(FakeBackend fake, String localModel) {
        return ChildSidecar.launchedAsEditorsDo(Map.of("CHAT_SIDECAR_CHATGPT_BASE_URL", fake.baseUrl(),
                "OPENAI_BASE_URL", fake.openaiBaseUrl(), "XDG_CACHE_HOME", dir.toString(),
                "CHAT_SIDECAR_LOCAL_MODEL", localModel));
    }

    @Test
    void aCaFileOnAFifoOrDevZeroFailsItsRequestsAtOnceAndNothingElse() throws Exception {
        Path fifo = SpecialFiles.fifo(dir, "ca.fifo");
        try (FakeBackend fake = FakeBackend.start();
             ChildSidecar child = launch(fake, SharedFiles.storiesModel().toString())) {
            assertTrue(child.client.initialize("{\"tls\":{\"caFile\":" + new JsonPrimitive(fifo.toString()) + "}}")
                    .has("result"));
            assertCaFileRefusedAndLocalServes(child, fifo.toString());
            child.client.notify("workspace/didChangeConfiguration", "{\"settings\":{\"tls\":{\"caFile\":\"/dev/zero\"}}}");
            assertCaFileRefusedAndLocalServes(child, "/dev/zero");
            int cancelled = child.client.request("chat/complete", "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                    + "\"model\":\"auto\",\"workDoneToken\":\"c\"}");
            child.client.notify("$/cancelRequest", "{\"id\":" + cancelled + "}");
            int code = child.client.response(cancelled).getAsJsonObject("error").get("code").getAsInt();
            assertTrue(code == -32800 || code == -32014, "cancelled or refused, never stuck: " + code);
            assertEndsCleanly(child);
        }
    }

    @Test
    void aLocalModelOnAFifoIsUnavailableAndTheOtherBackendsAnswer() throws Exception {
        Path fifo = SpecialFiles.fifo(dir, "model.gguf");
        try (FakeBackend fake = FakeBackend.start(); ChildSidecar child = launch(fake, fifo.toString())) {
            assertTrue(child.client.initialize(null).has("result"));
            for (int i = 0; i < 2; i++) {
                long start = System.nanoTime();
                JsonObject models = child.client.response(child.client.request("chat/models", "{}"));
                System.out.println("HostileFilePathsTest: chat/models with local.modelPath on a FIFO answered in "
                        + (System.nanoTime() - start) / 1_000_000 + " ms");
                assertTrue(models.toString().contains("not a regular file"), models.toString());
                JsonObject local = complete(child, "local/model");
                assertEquals("unreachable", local.getAsJsonObject("error").getAsJsonObject("data").get("type")
                        .getAsString(), local.toString());
                assertTrue(local.toString().contains("not a regular file"), local.toString());
                assertTrue(complete(child, "auto").has("result"), "ChatGPT answers");
                assertTrue(complete(child, "openai/fake-gpt").has("result"), "the OpenAI-compatible server answers");
            }
            assertEndsCleanly(child);
        }
    }

    private static void assertCaFileRefusedAndLocalServes(ChildSidecar child, String caFile) {
        long start = System.nanoTime();
        JsonObject refused = complete(child, "auto");
        System.out.println("HostileFilePathsTest: tls.caFile " + caFile + " refused in "
                + (System.nanoTime() - start) / 1_000_000 + " ms");
        JsonObject data = refused.getAsJsonObject("error").getAsJsonObject("data");
        assertEquals("unreachable", data.get("type").getAsString(), refused.toString());
        assertTrue(data.get("message").getAsString().contains("tls.caFile " + caFile), refused.toString());
        assertTrue(child.client.response(child.client.request("chat/models", "{}")).has("result"));
        assertTrue(complete(child, "local/stories260K").has("result"), "the local model answers");
    }

    private static JsonObject complete(ChildSidecar child, String model) {
        return child.client.response(child.client.request("chat/complete",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"Once upon a time\"}],\"model\":\"" + model
                        + "\",\"options\":{\"maxTokens\":8}}"));
    }

    private static void assertEndsCleanly(ChildSidecar child) throws Exception {
        child.client.response(child.client.request("shutdown", (String) null));
        child.client.notify("exit", null);
        assertTrue(child.process.waitFor(10, TimeUnit.SECONDS), "the sidecar exits");
        assertEquals(0, child.process.exitValue());
        assertNull(child.client.wireError(), "stdout held only frames");
        assertFalse(child.stderr().contains("\tat "), "no stack trace");
    }
}
