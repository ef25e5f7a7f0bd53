package dev.chatsidecar.server.local;

import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Groups the text of tokens that come faster than the eye can follow into one delta, so the client
 * gets at most one frame per {@link #FRAME_INTERVAL_NANOS} from a fast model instead of one per token.
 *
 * <p>Why: a small model on one thread makes thousands of tokens per second; a JSON-RPC frame per token
 * costs the generating thread tens of microseconds of JSON and a {@code write(2)}, which, with the
 * other core busy, is taken from llama.cpp's own thread (measured: 0.8–0.9× the raw binding's
 * tokens per second; docs/benchmarks.md). A piece is held back only while tokens are coming fast
 * (the previous one came less than {@link #FAST_TOKEN_NANOS} before it), so a model of normal speed
 * still streams token by token, and text waits at most one token's time. The first piece goes out at
 * once. Not thread-safe: one per generation, on its thread.
 */
final class PieceBatcher {
    /** At most one delta per this time while tokens come fast (~120 frames a second). */
    static final long FRAME_INTERVAL_NANOS = 8_000_000;
    /** Tokens closer together than this count as fast (over 500 a second). */
    static final long FAST_TOKEN_NANOS = 2_000_000;

    private final Consumer<String> deltas;
    private final LongSupplier clock;
    private final StringBuilder pending = new StringBuilder();
    private long lastSent;
    private long lastPiece;
    private boolean sentAny;

    PieceBatcher(Consumer<String> deltas, LongSupplier clock) {
        this.deltas = deltas;
        this.clock = clock;
    }

    /** Adds a piece of text; hands on what is pending unless tokens are coming fast and a frame went out just now. */
    void add(String piece) {
        long now = clock.getAsLong();
        boolean fast = sentAny && now - lastPiece < FAST_TOKEN_NANOS;
        lastPiece = now;
        if (piece.isEmpty()) {
            return;
        }
        pending.append(piece);
        if (!fast || now - lastSent >= FRAME_INTERVAL_NANOS) {
            send(now);
        }
    }

    /** Hands on whatever is pending (at the end of the answer). */
    void flush() {
        send(clock.getAsLong());
    }

    private void send(long now) {
        if (pending.length() == 0) {
            return;
        }
        deltas.accept(pending.toString());
        pending.setLength(0);
        lastSent = now;
        sentAny = true;
    }
}
