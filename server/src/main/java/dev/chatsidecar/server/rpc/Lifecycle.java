package dev.chatsidecar.server.rpc;

/** The LSP-style lifecycle state of a session: started, initialized, shut down. */
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
}
