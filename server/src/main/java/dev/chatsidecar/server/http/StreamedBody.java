package dev.chatsidecar.server.http;

import dev.chatsidecar.server.upstream.BackendException;
import java.io.Closeable;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

/**
 * A response body that is handed, buffer by buffer, to a {@link BodyReceiver} on the thread that
 * delivers it — with {@link HttpClientFactory}'s executor the HTTP client's own selector thread, right
 * after its socket read. Nothing is requested before {@link #receive} names the receiver; one buffer
 * list is requested at a time, so a receiver that is slow (e.g. waiting for the client to read stdout)
 * holds the upstream back instead of piling up memory. The thread that called {@link #receive} only
 * waits for the end: the body's end, the receiver's stop or failure, or {@link #abort}/{@link #close}
 * from any thread (cancel, idle watchdog), which cancels the subscription and with it the connection.
 *
 * <p>Use {@link #handler()} as the request's body handler. One receiver per body.
 */
public final class StreamedBody implements HttpResponse.BodySubscriber<StreamedBody>, Closeable {
    /** Bodies being received now (for {@link #silenceExcusedUntil}). */
    private static final Set<StreamedBody> RECEIVING = ConcurrentHashMap.newKeySet();
    /**
     * A delivery busy this long is waiting for the client to read stdout (decoding a piece takes
     * microseconds): the HTTP client's thread is held up, and the bodies it serves go quiet with it.
     */
    private static final long HOLD_UP_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** When the last hold-up ended (long ago at first). */
    private static volatile long lastHoldUpEnd = System.nanoTime() - TimeUnit.DAYS.toNanos(365);

    private final Object lock = new Object();
    private volatile long deliveringSince; // System.nanoTime() | 1 while inside the receiver, else 0
    private Flow.Subscription subscription; // guarded by lock
    private BodyReceiver receiver; // guarded by lock
    private boolean requested; // guarded by lock
    private boolean finished; // guarded by lock
    private boolean completedUnread; // guarded by lock: the body ended before a receiver came (no bytes)
    private Throwable failure; // guarded by lock
    private byte[] scratch = new byte[0]; // delivering thread only

    /** The handler to send requests with: the response's body is the {@link StreamedBody}. */
    public static HttpResponse.BodyHandler<StreamedBody> handler() {
        return info -> new StreamedBody();
    }

    @Override
    public CompletionStage<StreamedBody> getBody() {
        return CompletableFuture.completedFuture(this);
    }

    /**
     * Hands the body to {@code receiver} and waits until it ended, the receiver stopped or failed, or
     * the body was aborted.
     *
     * @throws IOException      a failure of the connection, of {@code receiver}, or the abort's cause
     * @throws BackendException a failure of {@code receiver}
     */
    public void receive(BodyReceiver receiver) throws IOException, BackendException {
        Flow.Subscription start;
        boolean endedEmpty;
        synchronized (lock) {
            if (this.receiver != null) {
                throw new IllegalStateException("the body was read already");
            }
            this.receiver = receiver;
            start = claimFirstRequest();
            endedEmpty = completedUnread;
        }
        RECEIVING.add(this);
        try {
            if (start != null) {
                start.request(1);
            }
            if (endedEmpty) {
                onComplete();
            }
            awaitEnd();
        } finally {
            RECEIVING.remove(this);
        }
    }

    /**
     * Until when (a {@link System#nanoTime()}) a silence of the bodies is this process's own doing,
     * not the upstream's: now while some receiver has been busy with one delivery for
     * 100 ms or more (in practice, writing to a client that does not read), else
     * the end of the last such hold-up.
     */
    public static long silenceExcusedUntil() {
        long now = System.nanoTime();
        for (StreamedBody body : RECEIVING) {
            long since = body.deliveringSince;
            if (since != 0 && now - since >= HOLD_UP_NANOS) {
                return now;
            }
        }
        return lastHoldUpEnd;
    }

    /** Ends the body now with {@code cause} (reported by {@link #receive}); any thread, idempotent. */
    public void abort(IOException cause) {
        end(cause);
    }

    /** Records the end (null = a normal one) and cancels the subscription, unless the body has ended. */
    private void end(Throwable cause) {
        Flow.Subscription cancelled;
        synchronized (lock) {
            if (!finish(cause)) {
                return;
            }
            cancelled = subscription;
        }
        if (cancelled != null) {
            cancelled.cancel(); // the JDK closes the connection of a body not read to its end
        }
    }

    /** Closes the body (aborts it unless it has ended). */
    @Override
    public void close() {
        abort(new IOException("closed"));
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        Flow.Subscription start;
        boolean cancel;
        synchronized (lock) {
            this.subscription = subscription;
            cancel = finished;
            start = cancel ? null : claimFirstRequest();
        }
        if (cancel) {
            subscription.cancel();
        } else if (start != null) {
            start.request(1);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        BodyReceiver target;
        synchronized (lock) {
            if (finished) {
                return;
            }
            target = receiver;
        }
        boolean stop;
        long started = System.nanoTime();
        deliveringSince = started | 1;
        try {
            stop = deliver(target, buffers);
        } catch (Exception | Error e) { // whatever it is, it ends this body, not the client's shared thread
            end(e);
            return;
        } finally {
            deliveringSince = 0;
            long ended = System.nanoTime();
            if (ended - started >= HOLD_UP_NANOS) {
                lastHoldUpEnd = ended;
            }
        }
        if (stop) {
            end(null);
        } else {
            subscription.request(1);
        }
    }

    @Override
    public void onError(Throwable throwable) {
        synchronized (lock) {
            finish(throwable instanceof IOException ? throwable : new IOException(throwable.getMessage(), throwable));
        }
    }

    @Override
    public void onComplete() {
        BodyReceiver target;
        synchronized (lock) {
            if (finished) {
                return;
            }
            target = receiver;
            if (target == null) {
                completedUnread = true; // an empty body may end before anything was requested
                return;
            }
        }
        try {
            target.end();
        } catch (Exception | Error e) {
            synchronized (lock) {
                finish(e);
            }
            return;
        }
        synchronized (lock) {
            finish(null);
        }
    }

    private boolean deliver(BodyReceiver target, List<ByteBuffer> buffers) throws IOException, BackendException {
        for (ByteBuffer buffer : buffers) {
            int length = buffer.remaining();
            if (length == 0) {
                continue;
            }
            boolean stop;
            if (buffer.hasArray()) {
                stop = target.bytes(buffer.array(), buffer.arrayOffset() + buffer.position(), length);
            } else {
                if (scratch.length < length) {
                    scratch = new byte[Math.max(length, 8192)];
                }
                buffer.get(scratch, 0, length);
                stop = target.bytes(scratch, 0, length);
            }
            if (stop) {
                return true;
            }
        }
        return false;
    }

    /** The subscription to make the first request on, once both it and the receiver are there. Holds the lock. */
    private Flow.Subscription claimFirstRequest() {
        if (requested || subscription == null || receiver == null) {
            return null;
        }
        requested = true;
        return subscription;
    }

    /** Records the end (null = a normal one) unless it has ended; true when this call ended it. Holds the lock. */
    private boolean finish(Throwable cause) {
        if (finished) {
            return false;
        }
        finished = true;
        failure = cause;
        lock.notifyAll();
        return true;
    }

    private void awaitEnd() throws IOException, BackendException {
        Throwable cause;
        boolean interrupted = false;
        synchronized (lock) {
            while (!finished && !interrupted) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
            end(new java.io.InterruptedIOException("interrupted while reading the body"));
        }
        synchronized (lock) {
            cause = failure;
        }
        if (cause instanceof IOException io) {
            throw io;
        }
        if (cause instanceof BackendException backend) {
            throw backend;
        }
        if (cause instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
    }
}
