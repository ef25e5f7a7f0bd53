package dev.chatsidecar.server.backend;

/** Receives an answer as it streams. Thread-safe; calls after the request ended are ignored. */
public interface DeltaSink {

    /** The upstream accepted the request; idempotent. Implied by the first {@link #delta}. */
    void accepted();

    /** The next piece of answer text; empty strings are ignored. */
    void delta(String text);

    /**
     * The next piece of the model's reasoning (thinking shown apart from the answer), for backends
     * that stream it; empty strings are ignored. Not part of the answer text.
     */
    default void reasoning(String text) {
    }
}
