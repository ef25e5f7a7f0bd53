package dev.chatsidecar.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatsidecar.protocol.ErrorType;
import dev.chatsidecar.server.upstream.BackendException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The pushed body on its own, driven as the HTTP client drives a subscriber. */
class StreamedBodyTest {

    /** Counts requests and cancels. */
    private static final class Subscription implements Flow.Subscription {
        long requested;
        boolean cancelled;

        @Override
        public synchronized void request(long n) {
            requested += n;
        }

        @Override
        public synchronized void cancel() {
            cancelled = true;
        }
    }

    /** Keeps the text; stops at "stop". */
    private static final class Text implements BodyReceiver {
        final StringBuilder text = new StringBuilder();
        final List<String> threads = new ArrayList<>();
        boolean ended;

        @Override
        public boolean bytes(byte[] bytes, int offset, int length) {
            String piece = new String(bytes, offset, length, StandardCharsets.UTF_8);
            text.append(piece);
            threads.add(Thread.currentThread().getName());
            return piece.equals("stop");
        }

        @Override
        public void end() {
            ended = true;
        }
    }

    private static List<ByteBuffer> bytes(String text) {
        return List.of(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Runs {@link StreamedBody#receive} on a thread of its own; the future holds its outcome. */
    private static CompletableFuture<Void> receiving(StreamedBody body, BodyReceiver receiver) {
        return CompletableFuture.runAsync(() -> {
            try {
                body.receive(receiver);
            } catch (IOException | BackendException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
    }

    /** A body being read by {@code receiver} on a thread of its own, its first buffer list requested. */
    private record Reading(StreamedBody body, Subscription subscription, CompletableFuture<Void> done) {
        static Reading start(BodyReceiver receiver) throws InterruptedException {
            StreamedBody body = new StreamedBody();
            Subscription subscription = new Subscription();
            body.onSubscribe(subscription);
            CompletableFuture<Void> done = receiving(body, receiver);
            awaitRequests(subscription, 1);
            return new Reading(body, subscription, done);
        }
    }

    private static void awaitRequests(Subscription subscription, long count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            synchronized (subscription) {
                if (subscription.requested >= count) {
                    return;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no request " + count);
            }
            Thread.onSpinWait();
        }
    }

    @Test
    void nothingIsRequestedBeforeAReceiverThenOneBufferListAtATimeOnTheDeliveringThread() throws Exception {
        StreamedBody body = new StreamedBody();
        Subscription subscription = new Subscription();
        body.onSubscribe(subscription);
        assertEquals(0, subscription.requested);
        Text text = new Text();
        CompletableFuture<Void> done = receiving(body, text);
        awaitRequests(subscription, 1);
        body.onNext(bytes("one "));
        assertEquals(2, subscription.requested, "the next list is asked for once this one was taken");
        body.onNext(bytes("two"));
        body.onComplete();
        done.get(10, TimeUnit.SECONDS);
        assertEquals("one two", text.text.toString());
        assertTrue(text.ended);
        assertEquals(List.of(Thread.currentThread().getName(), Thread.currentThread().getName()), text.threads);
    }

    @Test
    void aStopEndsTheReadAndCancelsTheRest() throws Exception {
        Text text = new Text();
        Reading reading = Reading.start(text);
        reading.body().onNext(bytes("stop"));
        reading.done().get(10, TimeUnit.SECONDS);
        assertTrue(reading.subscription().cancelled);
        reading.body().onNext(bytes("late")); // a buffer already on its way is dropped
        assertEquals("stop", text.text.toString());
        assertFalse(text.ended);
    }

    @Test
    void anAbortFromAnotherThreadEndsTheWaitWithItsCause() throws Exception {
        Reading reading = Reading.start(new Text());
        IOException cause = new IOException("no data");
        reading.body().abort(cause);
        Exception e = assertThrows(Exception.class, () -> reading.done().get(10, TimeUnit.SECONDS));
        assertSame(cause, e.getCause());
        assertTrue(reading.subscription().cancelled);
    }

    @Test
    void aReceiverFailureAndAConnectionFailureReachTheReader() throws Exception {
        BackendException bad = new BackendException(ErrorType.PROTOCOL_ERROR, "bad", "h", false);
        Reading reading = Reading.start(new BodyReceiver() {
            @Override
            public boolean bytes(byte[] bytes, int offset, int length) throws BackendException {
                throw bad;
            }

            @Override
            public void end() {
            }
        });
        reading.body().onNext(bytes("x"));
        Exception e = assertThrows(Exception.class, () -> reading.done().get(10, TimeUnit.SECONDS));
        assertSame(bad, e.getCause());
        assertTrue(reading.subscription().cancelled);

        Reading broken = Reading.start(new Text());
        broken.body().onError(new IOException("reset"));
        Exception reset = assertThrows(Exception.class, () -> broken.done().get(10, TimeUnit.SECONDS));
        assertEquals("reset", reset.getCause().getMessage());
    }

    @Test
    void anEmptyBodyThatEndedBeforeTheReceiverCameStillEnds() throws Exception {
        StreamedBody body = new StreamedBody();
        body.onSubscribe(new Subscription());
        body.onComplete();
        Text text = new Text();
        body.receive(text);
        assertTrue(text.ended);
    }

    @Test
    void aBodyClosedBeforeItsSubscriptionCancelsItOnArrival() {
        StreamedBody body = new StreamedBody();
        body.close();
        Subscription subscription = new Subscription();
        body.onSubscribe(subscription);
        assertTrue(subscription.cancelled);
        assertThrows(IOException.class, () -> body.receive(new Text()));
    }

    @Test
    void aDeliveryWaitingInsideItsReceiverExcusesTheSilenceUntilItEnds() throws Exception {
        java.util.concurrent.CountDownLatch inside = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Reading reading = Reading.start(new BodyReceiver() {
            @Override
            public boolean bytes(byte[] bytes, int offset, int length) {
                inside.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS); // stands for a write the client does not read
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return false;
            }

            @Override
            public void end() {
            }
        });
        long before = System.nanoTime();
        Thread delivering = new Thread(() -> reading.body().onNext(bytes("x")));
        delivering.start();
        assertTrue(inside.await(10, TimeUnit.SECONDS));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long excused;
        while ((excused = StreamedBody.silenceExcusedUntil()) - before < 0) { // counts once held up 100 ms
            assertTrue(System.nanoTime() < deadline, "the hold-up was never seen");
            Thread.onSpinWait();
        }
        release.countDown();
        delivering.join(10_000);
        long after = StreamedBody.silenceExcusedUntil();
        assertTrue(after - excused >= 0, "excused until the hold-up's end");
        assertTrue(System.nanoTime() - after >= 0, "and no longer: the end is past");
        reading.body().onComplete();
        reading.done().get(10, TimeUnit.SECONDS);
    }
}
