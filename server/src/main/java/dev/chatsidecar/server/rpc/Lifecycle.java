package dev.chatsidecar.server.rpc;

import dev.chatsidecar.protocol.Methods;

/** The LSP-style lifecycle: nothing but {@code initialize} before it, nothing new after {@code shutdown}. */
public final class Lifecycle {
    /** The states a session goes through. */
    public enum State { STARTED, INITIALIZED, SHUT_DOWN }

    private volatile State state = State.STARTED;

    public State state() {
        return state;
    }

    public void initialized() {
        if (state == State.STARTED) {
            state = State.INITIALIZED;
        }
    }

    public void shutDown() {
        state = State.SHUT_DOWN;
    }

    public boolean isShutDown() {
        return state == State.SHUT_DOWN;
    }

    /**
     * Why a request for {@code method} must be refused now, or {@code null} when it may run.
     * The refusal carries its JSON-RPC code.
     */
    public Refusal refuse(String method) {
        if (state == State.STARTED && !Methods.INITIALIZE.equals(method)) {
            return new Refusal(-32002, "Server not initialized: send \"initialize\" first.");
        }
        if (state != State.STARTED && Methods.INITIALIZE.equals(method)) {
            return new Refusal(-32600, "The server is already initialized.");
        }
        if (state == State.SHUT_DOWN && !Methods.SHUTDOWN.equals(method)) {
            return new Refusal(-32600, "The server is shutting down: only \"exit\" is accepted now.");
        }
        return null;
    }

    /** A refused request's code and message. */
    public record Refusal(int code, String message) {
    }
}
