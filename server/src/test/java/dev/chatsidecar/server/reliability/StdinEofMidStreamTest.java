package dev.chatsidecar.server.reliability;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatsidecar.fake.FakeBackend;
import dev.chatsidecar.server.testing.ChildSidecar;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The editor closes the sidecar's stdin while an answer streams from a real upstream (the fake
 * chatgpt.com, over HTTP): the process aborts the upstream call (the fake sees the client go away),
 * exits within 2 s, and writes nothing but frames on stdout and no stack trace on stderr.
 */
class StdinEofMidStreamTest {
    @TempDir
    Path cache;

    @ParameterizedTest
    @ValueSource(strings = {"a long answer [[slow]]", "an answer that stops [[stall]]"})
    void endOfInputAbortsTheUpstreamCallAndExitsWithinTwoSeconds(String prompt) throws Exception {
        try (FakeBackend fake = FakeBackend.start(new FakeBackend.Options().stallMaxMs(30_000));
             ChildSidecar child = ChildSidecar.server(Map.of("CHAT_SIDECAR_CHATGPT_BASE_URL", fake.baseUrl(),
                     "XDG_CACHE_HOME", cache.toString()))) {
            child.client.initialize(null);
            child.client.request("chat/complete", "{\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt
                    + "\"}],\"workDoneToken\":\"eof\"}");
            child.client.awaitFrame(f -> f.has("params") && f.getAsJsonObject("params").has("value")
                    && f.getAsJsonObject("params").getAsJsonObject("value").has("delta"), "the first streamed text");
            long start = System.nanoTime();
            child.process.getOutputStream().close();
            assertTrue(child.process.waitFor(2, TimeUnit.SECONDS), "exited within 2 s of the end of input");
            long exitedMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue(fake.awaitClientAbort(Duration.ofSeconds(2)), "the upstream call was aborted");
            child.client.awaitEnd(Duration.ofSeconds(2));
            assertNull(child.client.wireError(), "stdout held only frames");
            String stderr = child.stderr();
            assertFalse(stderr.contains("Exception") || stderr.contains("\tat "), "no stack trace: " + stderr);
            System.out.println("StdinEofMidStreamTest [" + prompt + "]: exited " + exitedMs + " ms after EOF");
        }
    }
}
