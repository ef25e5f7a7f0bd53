package dev.chatsidecar.server.rpc;

import java.util.concurrent.CompletableFuture;

/**
 * The future of a long request. LSP4J answers {@code $/cancelRequest} by calling
 * {@link #cancel(boolean)}; a plain future would complete at once, before the worker has sent the
 * {@code end} progress and before the upstream call is aborted. This one only forwards the cancel
 * to the worker, which then completes it with the contract's -32800 error.
 */
public final class CancellableFuture<T> extends CompletableFuture<T> {
    private final Runnable onCancel;

    public CancellableFuture(Runnable onCancel) {
        this.onCancel = onCancel;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        if (!isDone()) {
            onCancel.run();
        }
        return false;
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new CompletableFuture<>();
    }
}
