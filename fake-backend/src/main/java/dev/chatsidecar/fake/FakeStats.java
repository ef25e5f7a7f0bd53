package dev.chatsidecar.fake;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What the fake has seen: a count per endpoint, the requests themselves, and the streams the
 * client closed early. Live and thread-safe; the list getters return snapshots.
 */
public final class FakeStats {
    /** Endpoint names used by the counters and in {@code GET /__stats}. */
    public enum Endpoint {
        HOMEPAGE("homepage"),
        REQUIREMENTS("requirements"),
        CONVERSATION("conversation"),
        OPENAI_MODELS("openaiModels"),
        OPENAI_CHAT("openaiChat"),
        /** 2026 mode: {@code chat-requirements/finalize} (its {@code prepare} counts as {@link #REQUIREMENTS}). */
        SENTINEL_FINALIZE("sentinelFinalize"),
        /** 2026 mode: {@code f/conversation/prepare}. */
        CONDUIT("conduitPrepare"),
        OTHER("other");

        private final String jsonName;

        Endpoint(String jsonName) {
            this.jsonName = jsonName;
        }

        public String jsonName() {
            return jsonName;
        }
    }

    private final int[] counts = new int[Endpoint.values().length];
    private final List<RecordedRequest> requests = new ArrayList<>();
    private int clientAborts;
    private int completedStreams;

    FakeStats() {
    }

    synchronized void record(Endpoint endpoint, RecordedRequest request) {
        counts[endpoint.ordinal()]++;
        requests.add(request);
    }

    synchronized void clientAborted() {
        clientAborts++;
        notifyAll();
    }

    synchronized void streamCompleted() {
        completedStreams++;
        notifyAll();
    }

    public synchronized int count(Endpoint endpoint) {
        return counts[endpoint.ordinal()];
    }

    /** {@code GET /} requests. */
    public int homepageGets() {
        return count(Endpoint.HOMEPAGE);
    }

    /** {@code POST /backend-anon/sentinel/chat-requirements} requests (2026 mode: its {@code /prepare}). */
    public int requirementsPosts() {
        return count(Endpoint.REQUIREMENTS);
    }

    /** {@code POST /backend-anon/conversation} requests (2026 mode: {@code f/conversation}; also the rejected ones). */
    public int conversationPosts() {
        return count(Endpoint.CONVERSATION);
    }

    /** 2026 mode: {@code POST /backend-anon/sentinel/chat-requirements/finalize} requests. */
    public int sentinelFinalizePosts() {
        return count(Endpoint.SENTINEL_FINALIZE);
    }

    /** 2026 mode: {@code POST /backend-anon/f/conversation/prepare} requests. */
    public int conduitPrepares() {
        return count(Endpoint.CONDUIT);
    }

    /** {@code GET /v1/models} requests. */
    public int openaiModelsGets() {
        return count(Endpoint.OPENAI_MODELS);
    }

    /** {@code POST /v1/chat/completions} requests. */
    public int openaiChatPosts() {
        return count(Endpoint.OPENAI_CHAT);
    }

    /** Event streams the client closed before the server had sent all of it. */
    public synchronized int clientAborts() {
        return clientAborts;
    }

    /** Event streams whose end was sent (counted just before the end goes out; {@code [[noDone]]} too). */
    public synchronized int completedStreams() {
        return completedStreams;
    }

    /** All recorded requests, oldest first (not {@code /__stats}). */
    public synchronized List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    /** Recorded requests to one path, oldest first. */
    public synchronized List<RecordedRequest> requests(String path) {
        List<RecordedRequest> matching = new ArrayList<>();
        for (RecordedRequest request : requests) {
            if (request.path().equals(path)) {
                matching.add(request);
            }
        }
        return matching;
    }

    /** Waits until at least {@code atLeast} client aborts were counted; false on timeout. */
    public synchronized boolean awaitClientAborts(int atLeast, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (clientAborts < atLeast) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    /** Forgets all counts and requests. */
    public synchronized void reset() {
        java.util.Arrays.fill(counts, 0);
        requests.clear();
        clientAborts = 0;
        completedStreams = 0;
    }

    /** The stats as served by {@code GET /__stats}. */
    public synchronized String toJson() {
        JsonObject json = new JsonObject();
        JsonObject countJson = new JsonObject();
        for (Endpoint endpoint : Endpoint.values()) {
            countJson.addProperty(endpoint.jsonName(), counts[endpoint.ordinal()]);
        }
        json.add("counts", countJson);
        json.addProperty("clientAborts", clientAborts);
        json.addProperty("completedStreams", completedStreams);
        JsonArray list = new JsonArray();
        for (RecordedRequest request : requests) {
            JsonObject item = new JsonObject();
            item.addProperty("method", request.method());
            item.addProperty("path", request.path());
            JsonObject headers = new JsonObject();
            request.headers().forEach((name, values) -> headers.addProperty(name, String.join(", ", values)));
            item.add("headers", headers);
            item.addProperty("body", request.body());
            list.add(item);
        }
        json.add("requests", list);
        return FakeJson.compact(json);
    }
}
