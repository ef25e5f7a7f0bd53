package dev.chatsidecar.bench.driver;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Streamed {@code chat/complete} requests against a {@link JsonRpcChild}, with every frame of each
 * request recorded as it arrived. Frames of concurrent requests are routed by {@code workDoneToken}
 * and id. Also checks the stream contract on the way (one begin, gap-free seq, one end, deltas that
 * add up to the result text), so a broken harness or sidecar shows up as a failure, not a number.
 */
public final class ChatClient {
    /** One report as it arrived. */
    public record Delta(long seq, String text, long arrivedNanos) {
    }

    /** One request and what came back for it. */
    public static final class Run {
        public final int id;
        public final String token;
        public final long sentNanos;
        public final List<Delta> deltas = new ArrayList<>();
        public long beginNanos = -1;
        public String endReason;
        public long endNanos = -1;
        public JsonObject response;
        public long responseNanos = -1;

        Run(int id, String token, long sentNanos) {
            this.id = id;
            this.token = token;
            this.sentNanos = sentNanos;
        }

        public boolean done() {
            return response != null;
        }

        public String streamedText() {
            StringBuilder text = new StringBuilder();
            deltas.forEach(d -> text.append(d.text()));
            return text.toString();
        }

        public long firstDeltaNanos() {
            return deltas.isEmpty() ? -1 : deltas.get(0).arrivedNanos();
        }

        public JsonObject error() {
            return response == null ? null : response.getAsJsonObject("error");
        }

        /** Throws when the stream broke the contract or the request failed. */
        public void checkSucceeded() {
            if (error() != null) {
                throw new IllegalStateException("request " + id + " failed: " + error());
            }
            checkStream();
            String text = response.getAsJsonObject("result").get("text").getAsString();
            if (!text.equals(streamedText())) {
                throw new IllegalStateException("request " + id + ": streamed text differs from the result text");
            }
        }

        /** Throws unless there was one begin, gap-free reports and one end before the response. */
        public void checkStream() {
            if (beginNanos < 0 || endReason == null || endNanos > responseNanos) {
                throw new IllegalStateException("request " + id + ": begin/end missing or end after the response");
            }
            for (int i = 0; i < deltas.size(); i++) {
                if (deltas.get(i).seq() != i + 1) {
                    throw new IllegalStateException("request " + id + ": seq " + deltas.get(i).seq() + " at " + (i + 1));
                }
            }
        }
    }

    private final JsonRpcChild child;
    private final Map<String, Run> byToken = new HashMap<>();
    private final Map<Integer, Run> byId = new HashMap<>();
    private int nextToken = 1;

    public ChatClient(JsonRpcChild child) {
        this.child = child;
    }

    /** Sends one streamed request with a single user message. */
    public Run start(String prompt) throws Exception {
        return start(prompt, null, null);
    }

    /** Sends one streamed request with a single user message to {@code model} (or the default) with {@code options}. */
    public synchronized Run start(String prompt, String model, JsonObject options) throws Exception {
        String token = "bench-" + nextToken++;
        JsonObject message = new JsonObject();
        message.addProperty("role", "user");
        message.addProperty("content", prompt);
        JsonArray messages = new JsonArray();
        messages.add(message);
        JsonObject params = new JsonObject();
        params.add("messages", messages);
        params.addProperty("workDoneToken", token);
        if (model != null) {
            params.addProperty("model", model);
        }
        if (options != null) {
            params.add("options", options);
        }
        long sent = System.nanoTime();
        int id = child.request("chat/complete", params);
        Run run = new Run(id, token, sent);
        byToken.put(token, run);
        byId.put(id, run);
        return run;
    }

    /** {@code $/cancelRequest} for the run; returns when it was sent. */
    public long cancelRequest(Run run) throws Exception {
        JsonObject params = new JsonObject();
        params.addProperty("id", run.id);
        long now = System.nanoTime();
        child.notify("$/cancelRequest", params);
        return now;
    }

    /** {@code window/workDoneProgress/cancel} for the run's token; returns when it was sent. */
    public long cancelProgress(Run run) throws Exception {
        JsonObject params = new JsonObject();
        params.addProperty("token", run.token);
        long now = System.nanoTime();
        child.notify("window/workDoneProgress/cancel", params);
        return now;
    }

    /** Reads frames until every run in {@code runs} has its response; {@code onFrame} runs after each frame. */
    public void awaitAll(Collection<Run> runs, long timeoutMs, Runnable onFrame) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!runs.stream().allMatch(Run::done)) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                throw new TimeoutException("chat requests unanswered after " + timeoutMs + " ms");
            }
            route(child.next(left));
            if (onFrame != null) {
                onFrame.run();
            }
        }
    }

    /** Reads frames until {@code run} has at least one delta (or its response). */
    public void awaitFirstDelta(Run run, long timeoutMs) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (run.deltas.isEmpty() && !run.done()) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                throw new TimeoutException("no delta within " + timeoutMs + " ms");
            }
            route(child.next(left));
        }
    }

    private synchronized void route(JsonRpcChild.Frame frame) {
        JsonObject json = frame.json();
        if (frame.isProgress()) {
            JsonObject params = json.getAsJsonObject("params");
            Run run = byToken.get(params.get("token").getAsString());
            if (run == null) {
                return;
            }
            JsonObject value = params.getAsJsonObject("value");
            switch (value.get("kind").getAsString()) {
                case "begin" -> run.beginNanos = frame.arrivedNanos();
                case "report" -> run.deltas.add(new Delta(value.get("seq").getAsLong(), value.get("delta").getAsString(),
                        frame.arrivedNanos()));
                case "end" -> {
                    run.endReason = value.get("finishReason").getAsString();
                    run.endNanos = frame.arrivedNanos();
                }
                default -> throw new IllegalStateException("unknown progress kind " + value);
            }
            return;
        }
        JsonElement id = json.get("id");
        if (id != null && id.isJsonPrimitive() && !json.has("method")) {
            Run run = byId.get(id.getAsInt());
            if (run != null) {
                run.response = json;
                run.responseNanos = frame.arrivedNanos();
            }
        }
    }
}
