package dev.chatsidecar.server.http;

import java.net.http.HttpResponse;

/**
 * Orders an abort of an HTTP exchange ({@code sendAsync(...).cancel(true)}) against the arrival of
 * its response headers: an abort that starts first finishes before the body may be read, and after
 * the headers no abort runs at all. Once the headers are in, the JDK may read a short body to its
 * end and return the connection to its pool before the future completes; cancelling the future then
 * closes a pooled connection another request may already be using. One gate per exchange.
 */
public final class HeadersGate {
    private static final long MAX_WAIT_NANOS = 5_000_000_000L;
    private boolean answered;
    private boolean aborting;

    /** The handler to pass to {@code sendAsync}: it tells the gate when the headers arrive. */
    public <T> HttpResponse.BodyHandler<T> wrap(HttpResponse.BodyHandler<T> handler) {
        return info -> {
            headersArrived();
            return handler.apply(info);
        };
    }

    /** Runs {@code abort} unless the headers arrived; the body is held back while it runs. */
    public void abortUnlessAnswered(Runnable abort) {
        synchronized (this) {
            if (answered || aborting) {
                return;
            }
            aborting = true;
        }
        try {
            abort.run(); // not under the lock: the JDK takes its own locks here
        } finally {
            synchronized (this) {
                aborting = false;
                notifyAll();
            }
        }
    }

    /** Called on a JDK thread before the body is read: waits for an abort in progress. */
    private synchronized void headersArrived() {
        long deadline = System.nanoTime() + MAX_WAIT_NANOS; // an abort takes microseconds; never hang a JDK thread
        while (aborting && System.nanoTime() < deadline) {
            try {
                wait(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        answered = true;
    }
}
