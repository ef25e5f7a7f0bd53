package dev.chatsidecar.server.backend;

/** Receives an answer as it streams. Thread-safe; calls after the request ended are ignored. */
public interface DeltaSink {

    /** The upstream accepted the request; idempotent. Implied by the first {@link #delta}. */
    void accepted();

    /** The next piece of answer text; empty strings are ignored. */
    void delta(String text);

    /**
     * The next piece of the model's reasoning ("thinking"), which is never part of the answer text;
     * empty strings are ignored. Backends without reasoning never call it.
     */
    default void reasoning(String text) {
    }
}
