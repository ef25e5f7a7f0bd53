package dev.chatsidecar.server.upstream;

import java.util.ArrayList;
import java.util.List;

/**
 * Cancellation of one request. Backends register abort actions (close the response stream, cancel
 * the HTTP exchange) that run at once on the cancelling thread.
 */
public final class CancelSignal {
    private final List<Runnable> actions = new ArrayList<>();
    private boolean cancelled;

    /** Cancels; runs every registered action once. Later calls do nothing. */
    public void cancel() {
        List<Runnable> toRun;
        synchronized (this) {
            if (cancelled) {
                return;
            }
            cancelled = true;
            toRun = new ArrayList<>(actions);
            actions.clear();
        }
        for (Runnable action : toRun) {
            try {
                action.run();
            } catch (RuntimeException ignored) {
                // an abort action that fails leaves nothing more to abort
            }
        }
    }

    public synchronized boolean isCancelled() {
        return cancelled;
    }

    /**
     * Registers an action to run on cancel (at once when already cancelled). Close the returned
     * registration when the resource it aborts is finished.
     */
    public Registration onCancel(Runnable action) {
        synchronized (this) {
            if (!cancelled) {
                actions.add(action);
                return () -> {
                    synchronized (CancelSignal.this) {
                        actions.remove(action);
                    }
                };
            }
        }
        action.run();
        return () -> { };
    }

    /** Throws {@link BackendException#cancelled()} when cancelled. */
    public void throwIfCancelled() throws BackendException {
        if (isCancelled()) {
            throw BackendException.cancelled();
        }
    }

    /** A registered action; closing it forgets the action. */
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }
}
