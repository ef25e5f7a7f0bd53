package dev.chatsidecar.server.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.chatsidecar.fake.FakeAnswers;
import dev.chatsidecar.fake.FakeBackend;
import dev.chatsidecar.server.chatgpt.ChatGptBackend;
import dev.chatsidecar.server.chatgpt.ChatGptOptions;
import dev.chatsidecar.server.http.HttpClientFactory;
import dev.chatsidecar.server.testing.Await;
import dev.chatsidecar.server.testing.HeldOutput;
import dev.chatsidecar.server.testing.InProcessServer;
import dev.chatsidecar.server.testing.ServedSidecar;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client that stops reading stdout entirely while ten answers stream from a real upstream (the
 * fake chatgpt.com over HTTP): the one request whose thread was writing when the client stopped
 * waits with it (frames are written on the producing thread), every other upstream stream runs to
 * its end, what waits for the client is one coalesced report per stream rather than one frame per
 * delta (memory bounded by the answers themselves), and once the client reads again every answer
 * arrives whole and in order.
 */
class StalledClientTest {
    @TempDir
    Path cacheDir;

    private static String prompt(int i) {
        StringBuilder text = new StringBuilder("stream " + i + ":");
        for (int w = 0; w < 150; w++) {
            text.append(" word").append(w);
        }
        return text.toString();
    }

    @Test
    void tenStreamsRunToTheirEndWhileTheClientDoesNotReadAndArriveWholeAfterwards() throws Exception {
        HeldOutput[] output = new HeldOutput[1];
        try (FakeBackend fake = FakeBackend.start();
             InProcessServer s = new InProcessServer(List.of(new ChatGptBackend(new ChatGptOptions()
                     .deviceIdDir(cacheDir).http(new HttpClientFactory()))), Map.of(),
                     out -> output[0] = new HeldOutput(out))) {
            s.client.initialize("{\"chatgpt\":{\"baseUrl\":\"" + fake.baseUrl() + "\"}}");
            output[0].hold();
            List<Integer> ids = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                ids.add(s.client.request("chat/complete", "{\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt(i)
                        + "\"}],\"workDoneToken\":\"s" + i + "\"}"));
            }
            assertTrue(output[0].awaitBlocked(), "the client stopped reading");
            Await.until(() -> fake.stats().completedStreams() >= 9, Duration.ofSeconds(20),
                    "every upstream stream but the one writing to end while stdout is blocked");
            Await.until(() -> s.server.service().runningCount() <= 1, Duration.ofSeconds(10),
                    "every request but the one writing to finish while stdout is blocked");
            int other = s.client.request("chat/models", "{}");
            output[0].resume();
            assertTrue(s.client.response(other).has("result"), "the session still serves");
            int deltas = 0;
            long allReports = 0;
            int uncoalesced = 0;
            for (int i = 0; i < 10; i++) {
                String expected = FakeAnswers.answerFor(prompt(i), 1);
                JsonObject response = s.client.response(ids.get(i));
                List<JsonObject> progress = s.client.progress("s" + i);
                new ServedSidecar.Answer(response, progress).assertAnswered(expected);
                long reports = progress.stream().filter(v -> v.get("kind").getAsString().equals("report")).count();
                if (reports > 3) {
                    uncoalesced++; // the stream whose thread waited with the client streams after it reads again
                } else {
                    deltas += FakeAnswers.chunksFor(prompt(i), 1).size();
                    allReports += reports;
                }
            }
            assertTrue(uncoalesced <= 1, uncoalesced + " streams did not wait as coalesced reports");
            assertEquals(0, fake.stats().clientAborts());
            assertNull(s.client.wireError());
            System.out.println("StalledClientTest: " + deltas + " upstream deltas of the streams that ran while the client "
                    + "did not read reached it as " + allReports + " reports");
        }
    }

    private static boolean isReport(JsonObject frame, String token) {
        return frame.has("method") && frame.get("method").getAsString().equals("$/progress")
                && frame.getAsJsonObject("params").get("token").getAsString().equals(token)
                && frame.getAsJsonObject("params").getAsJsonObject("value").get("kind").getAsString().equals("report");
    }

    /**
     * The client stops reading while the HTTP client's thread writes a piece (it decodes and writes
     * where the bytes arrive): that thread waits with the client, and so do the other streams it
     * receives, but their silence is not blamed on the upstream — nothing fails on the idle limit,
     * however long the client stays away — and every answer arrives whole once it reads again.
     */
    @Test
    void aStallThatHoldsTheHttpThreadFailsNoStreamOnTheIdleLimit() throws Exception {
        HeldOutput[] output = new HeldOutput[1];
        try (FakeBackend fake = FakeBackend.start(new FakeBackend.Options().chunkDelayMs(10));
             InProcessServer s = new InProcessServer(List.of(new ChatGptBackend(new ChatGptOptions()
                     .deviceIdDir(cacheDir).http(new HttpClientFactory()))), Map.of(),
                     out -> output[0] = new HeldOutput(out))) {
            s.client.initialize("{\"chatgpt\":{\"baseUrl\":\"" + fake.baseUrl() + "\"},\"http\":{\"idleTimeoutMs\":300}}");
            List<Integer> ids = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                ids.add(s.client.request("chat/complete", "{\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt(i)
                        + "\"}],\"workDoneToken\":\"h" + i + "\"}"));
            }
            for (int i = 0; i < 2; i++) {
                String token = "h" + i;
                s.client.awaitFrame(frame -> isReport(frame, token), "a first report of " + token);
            }
            output[0].hold();
            assertTrue(output[0].awaitBlocked(), "the client stopped reading");
            assertTrue(output[0].blockedThread().getName().startsWith("HttpClient-"),
                    output[0].blockedThread().getName());
            Thread.sleep(1500); // the client stays away for five idle limits: the scenario, not synchronisation
            output[0].resume();
            for (int i = 0; i < 2; i++) {
                new ServedSidecar.Answer(s.client.response(ids.get(i)), s.client.progress("h" + i))
                        .assertAnswered(FakeAnswers.answerFor(prompt(i), 1));
            }
            assertEquals(0, fake.stats().clientAborts());
            assertNull(s.client.wireError());
        }
    }
}
