package dev.chatsidecar.server.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.chatsidecar.server.testing.InProcessServer;
import dev.chatsidecar.server.testing.ScriptedBackend;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Many streams at once, many requests in a row: correct, flat memory, no leaked threads. */
class LoadTest {

    private static String prompt(String kind, int i) {
        return "{\"messages\":[{\"role\":\"user\",\"content\":\"" + kind + "stream " + i
                + " says hello to you and to everyone\"}],\"workDoneToken\":\"L" + i + "\"}";
    }

    @Test
    void fiftyConcurrentStreamsOverOneConnectionAreEachCorrectAndComplete() throws Exception {
        ScriptedBackend backend = ScriptedBackend.standard();
        try (InProcessServer s = new InProcessServer(List.of(backend))) {
            s.client.initialize(null);
            List<Integer> ids = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                ids.add(s.client.request("chat/complete", prompt("hold:", i)));
            }
            for (int i = 0; i < 50; i++) {
                assertEquals("s-default", backend.holding.poll(10, TimeUnit.SECONDS));
            }
            backend.release();
            for (int i = 0; i < 50; i++) {
                String expected = "stream " + i + " says hello to you and to everyone";
                assertEquals(expected, s.client.response(ids.get(i)).getAsJsonObject("result").get("text").getAsString());
                StringBuilder streamed = new StringBuilder();
                List<JsonObject> values = s.client.progress("L" + i);
                values.stream().filter(v -> v.get("kind").getAsString().equals("report"))
                        .forEach(v -> streamed.append(v.get("delta").getAsString()));
                assertEquals(expected, streamed.toString());
                assertEquals("end", values.get(values.size() - 1).get("kind").getAsString());
            }
            assertNull(s.client.wireError());
        }
    }

    @Test
    void aThousandSequentialRequestsKeepHeapAndThreadsFlat() throws Exception {
        ScriptedBackend backend = ScriptedBackend.standard();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        try (InProcessServer s = new InProcessServer(List.of(backend))) {
            s.client.initialize(null);
            for (int i = 0; i < 100; i++) { // warm-up
                s.client.response(s.client.request("chat/complete", prompt("echo:", i)));
            }
            s.client.forget();
            long heapBefore = heapAfterGc(memory);
            Set<Thread> threadsBefore = Thread.getAllStackTraces().keySet();
            for (int i = 0; i < 1000; i++) {
                JsonObject response = s.client.response(s.client.request("chat/complete", prompt("echo:", i)));
                assertTrue(response.has("result"));
                s.client.forget();
            }
            long heapAfter = heapAfterGc(memory);
            long growthKb = (heapAfter - heapBefore) / 1024;
            List<String> newSidecarThreads = sidecarThreadsNotIn(threadsBefore);
            System.out.println("LoadTest 1000 sequential: heap before " + heapBefore / 1024 + " KB, after "
                    + heapAfter / 1024 + " KB, growth " + growthKb + " KB, new sidecar threads " + newSidecarThreads);
            assertTrue(growthKb < 1024, "heap grew by " + growthKb + " KB");
            // only threads running the sidecar's code count: other test classes share this JVM and its thread count
            assertTrue(newSidecarThreads.size() <= 2, "threads started by the requests and still alive: " + newSidecarThreads);
        }
    }

    @Test
    void cancelledRequestsLeaveNoThreadsBehind() throws Exception {
        ScriptedBackend backend = ScriptedBackend.standard();
        try (InProcessServer s = new InProcessServer(List.of(backend))) {
            s.client.initialize(null);
            s.client.response(s.client.request("chat/complete", prompt("echo:", 0)));
            int baseline = workerThreadsAlive();
            List<Integer> ids = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                ids.add(s.client.request("chat/complete", prompt("hold:", i)));
            }
            for (int i = 0; i < 20; i++) {
                backend.holding.poll(10, TimeUnit.SECONDS);
            }
            for (int id : ids) {
                s.client.notify("$/cancelRequest", "{\"id\":" + id + "}");
            }
            for (int id : ids) {
                assertEquals(-32800, s.client.response(id).getAsJsonObject("error").get("code").getAsInt());
            }
            assertEquals(20, backend.aborts.get());
            // idle pool threads are reclaimed after their keep-alive; what matters is that none is still busy
            assertEquals(0, s.server.service().runningCount());
            assertTrue(busyWorkerThreads() == 0, "no worker is still running a request");
            assertTrue(baseline >= 0);
        }
    }

    private static long heapAfterGc(MemoryMXBean memory) {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    /** Names of live threads, not in {@code before}, of the sidecar's pools or with its code on their stack. */
    private static List<String> sidecarThreadsNotIn(Set<Thread> before) {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> !before.contains(e.getKey()))
                .filter(e -> e.getKey().getName().startsWith("chat") // the sidecar's named pools, idle or not
                        || java.util.Arrays.stream(e.getValue())
                                .anyMatch(f -> f.getClassName().startsWith("dev.chatsidecar.server.")))
                .map(e -> e.getKey().getName())
                .toList();
    }

    private static int workerThreadsAlive() {
        return (int) Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("chat-worker-")).count();
    }

    /** Worker threads whose stack is inside a backend call (not parked waiting for work). */
    private static long busyWorkerThreads() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> e.getKey().getName().startsWith("chat-worker-"))
                .filter(e -> java.util.Arrays.stream(e.getValue()).anyMatch(f -> f.getClassName().contains("CompletionRun")))
                .count();
    }
}
