package dev.chatsidecar.fake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

/**
 * A local stand-in for chatgpt.com's web backend and for an OpenAI-compatible API, on
 * 127.0.0.1. Start one per test (or per test class) and point the client at {@link #baseUrl()}
 * or {@link #openaiBaseUrl()}:
 *
 * <pre>{@code
 * try (FakeBackend fake = FakeBackend.start(new FakeBackend.Options().chunkDelayMs(5))) {
 *     ... fake.baseUrl() ... fake.stats().conversationPosts() ...
 * }
 * }</pre>
 */
public final class FakeBackend implements AutoCloseable {
    /** Stream format of {@code POST /backend-anon/conversation}. */
    public enum Format { V1, LEGACY }

    /** A bot-verification challenge the requirements response can demand. */
    public enum Challenge { NONE, TURNSTILE, ARKOSE, SO }

    /**
     * Which generation of chatgpt.com's API the fake plays. {@link #Y2024}: one
     * {@code chat-requirements} call and {@code /backend-anon/conversation}. {@link #Y2026}: the
     * two-call sentinel ({@code chat-requirements/prepare}, {@code /finalize}), the conduit
     * ({@code f/conversation/prepare}) and {@code f/conversation}, whose stream carries the 2025–26
     * control events and an {@code analysis} (reasoning) message before the {@code final} one; the
     * 2024 paths answer 404. Each mode answers 404 on the other's paths.
     */
    public enum Mode { Y2024, Y2026 }

    /** Settings for {@link #start}; every setter returns this. */
    public static final class Options {
        private int port;
        private long latencyMs;
        private long chunkDelayMs;
        private Format format = Format.V1;
        private Mode mode = Mode.Y2024;
        private String difficulty = "0fffff";
        private boolean requireProofOfWork = true;
        private Challenge challenge = Challenge.NONE;
        private String apiKey;
        private long stallMaxMs = 300_000;
        private long randomSeed = 1;
        private boolean logRequests;
        private boolean compression = true;

        /** TCP port on 127.0.0.1; 0 (default) picks a free one. */
        public Options port(int port) {
            this.port = port;
            return this;
        }

        /** Delay before the headers of every response (default 0). */
        public Options latencyMs(long latencyMs) {
            this.latencyMs = latencyMs;
            return this;
        }

        /** Delay between stream events (default 0; {@code [[slow]]} makes it at least 200). */
        public Options chunkDelayMs(long chunkDelayMs) {
            this.chunkDelayMs = chunkDelayMs;
            return this;
        }

        /** ChatGPT stream format (default {@link Format#V1}). */
        public Options format(Format format) {
            this.format = format;
            return this;
        }

        /** API generation (default {@link Mode#Y2024}). */
        public Options mode(Mode mode) {
            this.mode = mode;
            return this;
        }

        public Mode mode() {
            return mode;
        }

        /** Proof-of-work difficulty, lowercase hex (default {@code "0fffff"}: ~16 attempts). */
        public Options difficulty(String difficulty) {
            this.difficulty = difficulty;
            return this;
        }

        /** Whether requirements demand proof of work and conversations check it (default true). */
        public Options requireProofOfWork(boolean requireProofOfWork) {
            this.requireProofOfWork = requireProofOfWork;
            return this;
        }

        /** A challenge every requirements response demands (default none). */
        public Options challenge(Challenge challenge) {
            this.challenge = challenge;
            return this;
        }

        /** When set, {@code /v1} calls need {@code Authorization: Bearer <apiKey>}. */
        public Options apiKey(String apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        /** How long a {@code [[stall]]} stream stays silent at most (default 5 minutes). */
        public Options stallMaxMs(long stallMaxMs) {
            this.stallMaxMs = stallMaxMs;
            return this;
        }

        /** Seed of ids, tokens and proof-of-work seeds (default 1). */
        public Options randomSeed(long randomSeed) {
            this.randomSeed = randomSeed;
            return this;
        }

        /** Log one line per request to stderr (default false). */
        public Options logRequests(boolean logRequests) {
            this.logRequests = logRequests;
            return this;
        }

        /**
         * Gzip responses when the request's {@code Accept-Encoding} allows it, as the real server
         * does (default true).
         */
        public Options compression(boolean compression) {
            this.compression = compression;
            return this;
        }

        public boolean compression() {
            return compression;
        }

        public int port() {
            return port;
        }

        public long latencyMs() {
            return latencyMs;
        }

        public long chunkDelayMs() {
            return chunkDelayMs;
        }

        public Format format() {
            return format;
        }

        public String difficulty() {
            return difficulty;
        }

        public boolean requireProofOfWork() {
            return requireProofOfWork;
        }

        public Challenge challenge() {
            return challenge;
        }

        public String apiKey() {
            return apiKey;
        }

        public long stallMaxMs() {
            return stallMaxMs;
        }

        public long randomSeed() {
            return randomSeed;
        }

        public boolean logRequests() {
            return logRequests;
        }
    }

    private final FakeStats stats;
    private final FakeHttpServer server;

    private FakeBackend(Options options) throws IOException {
        this.stats = new FakeStats();
        if (options.logRequests()) {
            FakeLog.enable(true);
        }
        this.server = new FakeHttpServer(options.port(), new FakeRoutes(options, stats), options.latencyMs(),
                options.compression(),
                stats::clientAborted);
    }

    /** Starts a server with the given options; it is listening when this returns. */
    public static FakeBackend start(Options options) {
        try {
            return new FakeBackend(options);
        } catch (IOException e) {
            throw new UncheckedIOException("fake backend could not listen on port " + options.port(), e);
        }
    }

    /** Starts a server with default options on a free port. */
    public static FakeBackend start() {
        return start(new Options());
    }

    public int port() {
        return server.port();
    }

    /** {@code http://127.0.0.1:PORT}: the chatgpt.com stand-in (no trailing slash). */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** {@code http://127.0.0.1:PORT/v1}: the OpenAI-compatible API. */
    public String openaiBaseUrl() {
        return baseUrl() + "/v1";
    }

    public FakeStats stats() {
        return stats;
    }

    /** Waits until at least one client abort was counted since start (or the last reset). */
    public boolean awaitClientAbort(Duration timeout) throws InterruptedException {
        return stats.awaitClientAborts(1, timeout);
    }

    /** Stops listening and closes every open connection (stalled streams included). */
    @Override
    public void close() {
        server.close();
    }
}
