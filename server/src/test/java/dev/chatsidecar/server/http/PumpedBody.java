package dev.chatsidecar.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Flow;

/**
 * A {@link StreamedBody} fed from an {@link InputStream} by a thread of its own, as the HTTP client
 * feeds it from a socket: one read per requested buffer list; cancelling closes the stream.
 */
final class PumpedBody {
    private PumpedBody() {
    }

    static StreamedBody of(InputStream in) {
        StreamedBody body = new StreamedBody();
        Pump pump = new Pump(in, body);
        body.onSubscribe(pump);
        Thread thread = new Thread(pump, "test-body-pump");
        thread.setDaemon(true);
        thread.start();
        return body;
    }

    private static final class Pump implements Flow.Subscription, Runnable {
        private final InputStream in;
        private final StreamedBody body;
        private long demand; // guarded by this
        private boolean cancelled; // guarded by this

        Pump(InputStream in, StreamedBody body) {
            this.in = in;
            this.body = body;
        }

        @Override
        public synchronized void request(long n) {
            demand += n;
            notifyAll();
        }

        @Override
        public void cancel() {
            synchronized (this) {
                cancelled = true;
                notifyAll();
            }
            try {
                in.close();
            } catch (IOException ignored) {
                // the pump ends either way
            }
        }

        @Override
        public void run() {
            byte[] buffer = new byte[4096];
            try {
                while (awaitDemand()) {
                    int n = in.read(buffer);
                    if (n < 0) {
                        body.onComplete();
                        return;
                    }
                    body.onNext(List.of(ByteBuffer.wrap(Arrays.copyOf(buffer, n))));
                }
            } catch (IOException e) {
                if (!isCancelled()) {
                    body.onError(e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private synchronized boolean isCancelled() {
            return cancelled;
        }

        private synchronized boolean awaitDemand() throws InterruptedException {
            while (demand == 0 && !cancelled) {
                wait();
            }
            if (cancelled) {
                return false;
            }
            demand--;
            return true;
        }
    }
}
