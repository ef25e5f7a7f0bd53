package dev.chatsidecar.server.testing;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The sidecar's stdout as a client that stops reading: from {@link #hold} (every write) or
 * {@link #holdWhen} (writes whose text matches) until {@link #resume}, such writes block. Tells
 * which thread blocked first, the thread that was writing when the client went away.
 */
public final class HeldOutput extends FilterOutputStream {
    private final CountDownLatch blocked = new CountDownLatch(1);
    private final CountDownLatch resumed = new CountDownLatch(1);
    private volatile Predicate<String> holding;
    private volatile Thread firstBlocked;

    public HeldOutput(OutputStream out) {
        super(out);
    }

    /** Every write from now on blocks until {@link #resume}. */
    public void hold() {
        holdWhen(text -> true);
    }

    /** Writes whose text matches block from now on until {@link #resume}. */
    public void holdWhen(Predicate<String> text) {
        holding = text;
    }

    /** Lets every blocked write go on; nothing blocks after this. */
    public void resume() {
        holding = null;
        resumed.countDown();
    }

    /** True once some write blocked (waits up to 10 s). */
    public boolean awaitBlocked() throws InterruptedException {
        return blocked.await(10, TimeUnit.SECONDS);
    }

    /** The thread whose write blocked first. */
    public Thread blockedThread() {
        return firstBlocked;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Predicate<String> hold = holding;
        if (hold != null && hold.test(new String(b, off, len, StandardCharsets.UTF_8))) {
            synchronized (this) {
                if (firstBlocked == null) {
                    firstBlocked = Thread.currentThread();
                }
            }
            blocked.countDown();
            try {
                resumed.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
        }
        out.write(b, off, len);
    }
}
