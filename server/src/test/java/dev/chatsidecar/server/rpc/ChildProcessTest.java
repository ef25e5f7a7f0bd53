package dev.chatsidecar.server.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.chatsidecar.server.testing.ChildSidecar;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The real process: stdout carries frames only, lifecycle exit codes, end of input. */
class ChildProcessTest {

    @Test
    void stdoutCarriesNothingButFramesEvenWithErrorsAndDebugLogging() throws Exception {
        try (ChildSidecar child = ChildSidecar.server(Map.of("CHAT_SIDECAR_LOG", "trace"))) {
            child.client.sendRaw("not json at all");
            assertTrue(child.client.initialize(null).has("result"));
            child.client.response(child.client.request("chat/models", "{}"));
            JsonObject failed = child.client.response(child.client.request("chat/complete",
                    "{\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}],\"workDoneToken\":\"w\"}"));
            assertTrue(failed.has("error") || failed.has("result"));
            child.client.sendBytes("Content-Length: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            child.client.response(child.client.request("shutdown", (String) null));
            child.client.notify("exit", null);
            assertTrue(child.process.waitFor(10, TimeUnit.SECONDS));
            child.client.awaitEnd(java.time.Duration.ofSeconds(5));
            assertNull(child.client.wireError(), "stdout held only frames");
            assertEquals(0, child.process.exitValue());
            String stderr = child.stderr();
            assertTrue(stderr.contains("DEBUG") || stderr.contains("TRACE"), "logs went to stderr: " + stderr);
        }
    }

    @Test
    void exitWithoutShutdownExitsWithOne() throws Exception {
        try (ChildSidecar child = ChildSidecar.server(Map.of())) {
            child.client.initialize(null);
            child.client.notify("exit", null);
            assertTrue(child.process.waitFor(10, TimeUnit.SECONDS));
            assertEquals(1, child.process.exitValue());
        }
    }

    @Test
    void endOfStdinEndsTheProcessWithinTwoSeconds() throws Exception {
        try (ChildSidecar child = ChildSidecar.server(Map.of())) {
            child.client.initialize(null);
            long start = System.nanoTime();
            child.process.getOutputStream().close();
            assertTrue(child.process.waitFor(2, TimeUnit.SECONDS), "exited within 2 s");
            assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 2000);
            child.client.awaitEnd(java.time.Duration.ofSeconds(2));
            assertNull(child.client.wireError());
            assertFalse(child.stderr().contains("Exception"), "no stack trace on EOF");
        }
    }

    @Test
    void theSidecarExitsWhenItsParentProcessDies() throws Exception {
        Process parent = new ProcessBuilder("sleep", "30").start();
        try (ChildSidecar child = ChildSidecar.server(Map.of())) {
            int id = child.client.request("initialize", "{\"processId\":" + parent.pid() + "}");
            assertTrue(child.client.response(id).has("result"));
            parent.destroy();
            assertTrue(child.process.waitFor(5, TimeUnit.SECONDS), "sidecar followed its parent");
        } finally {
            parent.destroyForcibly();
        }
    }
}
