package dev.chatsidecar.server.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.chatsidecar.protocol.ErrorType;
import dev.chatsidecar.server.testing.InProcessServer;
import dev.chatsidecar.server.testing.ScriptedBackend;
import dev.chatsidecar.server.testing.ServedSidecar;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Many concurrent requests on one connection, each hit by cancels at a different moment, by either
 * route, in a seeded random order: before the request arrived (ignored: the request is answered
 * normally), while it streams (cancelled, partial text kept, upstream aborted), after its response
 * (nothing happens), and twice by both routes (one answer). Every request gets exactly one response,
 * one begin and one end, and nothing for its token after the response; no request keeps running.
 */
class CancelStormTest {
    enum When { BEFORE, DURING, AFTER, TWICE }

    record Call(int n, When when) {
        String id() {
            return "\"c" + n + "\"";
        }

        String token() {
            return "t" + n;
        }

        String text() {
            return "answer of request " + n;
        }
    }

    @Test
    void cancelsBeforeDuringAfterAndTwiceLeaveEveryRequestAnsweredExactlyOnce() throws Exception {
        long seed = Long.getLong("storm.seed", System.nanoTime());
        System.out.println("CancelStormTest seed=" + seed + " (reproduce with -Dstorm.seed=" + seed + ")");
        Random random = new Random(seed);
        List<Call> calls = new ArrayList<>();
        for (int n = 0; n < 80; n++) {
            calls.add(new Call(n, When.values()[random.nextInt(When.values().length)]));
        }
        ScriptedBackend backend = ScriptedBackend.standard();
        try (InProcessServer s = new InProcessServer(List.of(backend))) {
            s.client.initialize(null);
            int holds = 0;
            for (Call call : calls) {
                if (call.when() == When.BEFORE) {
                    cancel(s, call, random.nextBoolean());
                }
                boolean hold = call.when() == When.DURING || call.when() == When.TWICE;
                holds += hold ? 1 : 0;
                s.client.sendRaw("{\"jsonrpc\":\"2.0\",\"id\":" + call.id() + ",\"method\":\"chat/complete\",\"params\":"
                        + "{\"messages\":[{\"role\":\"user\",\"content\":\"" + (hold ? "hold:" : "echo:") + call.text()
                        + "\"}],\"workDoneToken\":\"" + call.token() + "\"}}");
            }
            for (int i = 0; i < holds; i++) {
                assertTrue(backend.holding.poll(10, TimeUnit.SECONDS) != null, "every held request is streaming");
            }
            List<Runnable> cancels = new ArrayList<>();
            for (Call call : calls) {
                switch (call.when()) {
                    case DURING -> cancels.add(() -> cancel(s, call, random.nextBoolean()));
                    case TWICE -> cancels.add(() -> {
                        cancel(s, call, true);
                        cancel(s, call, false);
                        cancel(s, call, true);
                        cancel(s, call, false);
                    });
                    case AFTER -> cancels.add(() -> {
                        response(s, call);
                        cancel(s, call, random.nextBoolean());
                    });
                    default -> { }
                }
            }
            Collections.shuffle(cancels, random);
            cancels.forEach(Runnable::run);
            for (Call call : calls) {
                JsonObject response = response(s, call);
                ServedSidecar.Answer answer = new ServedSidecar.Answer(response, s.client.progress(call.token()));
                String where = call + " (seed " + seed + ")";
                if (call.when() == When.DURING || call.when() == When.TWICE) {
                    answer.assertFailure(ErrorType.CANCELLED, null, call.text());
                } else {
                    assertEquals(call.text(), response.getAsJsonObject("result").get("text").getAsString(), where);
                    answer.assertAnswered(call.text());
                }
            }
            // one more exchange orders after every cancel above: anything late would be on the wire by now
            assertTrue(s.client.response(s.client.request("chat/models", "{}")).has("result"));
            assertExactlyOnce(s, calls, seed);
            assertEquals(holds, backend.aborts.get(), "every streaming request's upstream call was aborted");
            assertEquals(0, s.server.service().runningCount(), "nothing keeps running");
            assertNull(s.client.wireError());
        }
    }

    private static void cancel(InProcessServer s, Call call, boolean byId) {
        if (byId) {
            s.client.notify("$/cancelRequest", "{\"id\":" + call.id() + "}");
        } else {
            s.client.notify("window/workDoneProgress/cancel", "{\"token\":\"" + call.token() + "\"}");
        }
    }

    private final java.util.Map<String, JsonObject> responses = new java.util.HashMap<>();

    /** The response to {@code call}, waited for once and remembered. */
    private JsonObject response(InProcessServer s, Call call) {
        String id = "c" + call.n();
        return responses.computeIfAbsent(id, key -> s.client.awaitFrame(f -> f.has("id") && !f.has("method")
                && f.get("id").isJsonPrimitive() && f.get("id").getAsString().equals(key), "response to " + key));
    }

    /** One response per id; one begin and one end per token, none of its frames after the response. */
    private static void assertExactlyOnce(InProcessServer s, List<Call> calls, long seed) {
        List<String> frames = s.client.rawFrames();
        for (Call call : calls) {
            String where = call + " (seed " + seed + ")";
            int responses = 0;
            int responseAt = -1;
            int begins = 0;
            int ends = 0;
            int lastProgressAt = -1;
            for (int i = 0; i < frames.size(); i++) {
                String frame = frames.get(i);
                if (frame.contains("\"id\":" + call.id()) && !frame.contains("\"method\"")) {
                    responses++;
                    responseAt = i;
                }
                if (frame.contains("\"token\":\"" + call.token() + "\"")) {
                    lastProgressAt = i;
                    begins += frame.contains("\"kind\":\"begin\"") ? 1 : 0;
                    ends += frame.contains("\"kind\":\"end\"") ? 1 : 0;
                }
            }
            assertEquals(1, responses, where + ": responses");
            assertEquals(1, begins, where + ": begins");
            assertEquals(1, ends, where + ": ends");
            assertTrue(lastProgressAt < responseAt, where + ": progress after the response");
        }
    }
}
