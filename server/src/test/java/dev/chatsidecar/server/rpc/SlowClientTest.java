package dev.chatsidecar.server.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.chatsidecar.server.testing.InProcessServer;
import dev.chatsidecar.server.testing.ScriptedBackend;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** While the client does not read, deltas of a stream merge into fewer reports; the text stays exact. */
class SlowClientTest {

    /** Blocks every write once {@link #stall} is set, until {@link #resume} is released. */
    static final class StallingOutput extends FilterOutputStream {
        volatile boolean stall;
        final CountDownLatch stalled = new CountDownLatch(1);
        final CountDownLatch resume = new CountDownLatch(1);

        StallingOutput(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (stall) {
                stalled.countDown();
                try {
                    resume.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
            }
            out.write(b, off, len);
        }
    }

    @Test
    void deltasCoalesceWhileTheClientStallsAndTheTextStaysExact() throws Exception {
        ScriptedBackend backend = ScriptedBackend.standard();
        StallingOutput[] holder = new StallingOutput[1];
        try (InProcessServer s = new InProcessServer(List.of(backend), Map.of(),
                out -> holder[0] = new StallingOutput(out))) {
            s.client.initialize(null);
            StallingOutput output = holder[0];
            output.stall = true;
            // the first frame written (begin) blocks the writer; everything after it queues up
            StringBuilder expected = new StringBuilder();
            for (int i = 0; i < 300; i++) {
                expected.append(" word").append(i);
            }
            String text = expected.toString().trim();
            int id = s.client.request("chat/complete", "{\"messages\":[{\"role\":\"user\",\"content\":\"echo:" + text
                    + "\"}],\"workDoneToken\":\"slow\"}");
            int other = s.client.request("chat/models", "{}");
            assertTrue(output.stalled.await(10, TimeUnit.SECONDS), "the writer stalled");
            // the request thread was never blocked by the stalled writer: the backend finished
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (backend.finished.get() < 1 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertEquals(1, backend.finished.get(), "backend finished while stdout was blocked");
            output.stall = false;
            output.resume.countDown();
            JsonObject result = s.client.response(id).getAsJsonObject("result");
            assertEquals(text, result.get("text").getAsString());
            assertTrue(s.client.response(other).has("result"));
            List<JsonObject> values = s.client.progress("slow");
            StringBuilder streamed = new StringBuilder();
            long seq = 0;
            for (JsonObject value : values) {
                if (value.get("kind").getAsString().equals("report")) {
                    assertEquals(++seq, value.get("seq").getAsLong());
                    streamed.append(value.get("delta").getAsString());
                }
            }
            assertEquals(text, streamed.toString());
            assertTrue(seq < 300, "300 deltas were coalesced into " + seq + " reports");
        }
    }
}
