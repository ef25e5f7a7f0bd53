package dev.chatsidecar.server.http;

import dev.chatsidecar.protocol.ErrorType;
import dev.chatsidecar.server.upstream.BackendException;
import dev.chatsidecar.server.upstream.CancelSignal;
import java.io.IOException;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The response of an HTTP backend that streams its answer as Server-Sent Events, everything but the
 * backend's own decoding: content decoding, SSE framing ({@link SseParser}), an {@link IdleWatchdog}
 * for stalls and for the overall answer deadline, cancellation (which closes the response stream at
 * once, and with it the connection), cut detection (an event that the end of the input closed and that
 * does not parse was cut by a connection closed early), the mapping of read failures to typed errors,
 * and bounded reading of error bodies. A backend supplies a {@link Decoder}. The request must be sent
 * with {@link StreamedBody#handler()}: the body is decoded where it arrives, on the HTTP client's
 * thread, so a piece goes from the socket read to the decoder (and on to the client's stdout) without
 * a hand-off to another thread.
 */
public final class EventStreamResponse {
    /** Longest error body read (the rest is dropped). */
    public static final int MAX_ERROR_BODY = 64 * 1024;

    private final HttpResponse<StreamedBody> response;
    private final String service;

    /** @param service how messages name the upstream */
    public EventStreamResponse(HttpResponse<StreamedBody> response, String service) {
        this.response = response;
        this.service = service;
    }

    /**
     * One backend's reading of the events. Not called concurrently, but on the thread that delivers
     * the body (the HTTP client's), so it must not wait for anything but its sink.
     */
    public interface Decoder {
        /**
         * Takes one event.
         *
         * @return {@code true} once the stream is over (its end marker arrived)
         */
        boolean accept(SseEvent event) throws BackendException;

        /** The error for a stream cut off in the middle of an event (or before its answer was complete). */
        BackendException cutOff();
    }

    public int statusCode() {
        return response.statusCode();
    }

    public java.net.http.HttpHeaders headers() {
        return response.headers();
    }

    /** The lowercase {@code content-type}, {@code ""} when absent. */
    public String contentType() {
        return response.headers().firstValue("content-type").orElse("").toLowerCase(Locale.ROOT);
    }

    /** Whether the status is 2xx. */
    public boolean succeeded() {
        return response.statusCode() >= 200 && response.statusCode() < 300;
    }

    /** Whether the response is a successful event stream. */
    public boolean isEventStream() {
        return succeeded() && contentType().contains("text/event-stream");
    }

    /**
     * Feeds every event to {@code decoder} until it says the stream is over or the input ends, then
     * closes the response. The body is decoded and {@code decoder} called on the thread that receives
     * the bytes ({@link StreamedBody}); this thread only waits for the end. Finishing (was the answer
     * complete?) is the caller's job.
     *
     * @param idleMs   longest silence
     * @param answerMs longest whole answer, from now; 0 = no limit
     * @throws BackendException {@code cancelled}; {@code upstream_error} for a silence, a passed
     *                          deadline, a broken connection or a cut event; {@code protocol_error} for
     *                          an undecodable body; whatever the decoder throws
     */
    @SuppressWarnings("try") // the registration is held for its scope only
    public void read(Decoder decoder, long idleMs, long answerMs, CancelSignal cancel) throws BackendException {
        StreamedBody body = response.body();
        IdleWatchdog dog = IdleWatchdog.watch(() -> body.abort(new IOException("no data")),
                StreamedBody::silenceExcusedUntil, idleMs, answerMs);
        try (dog; CancelSignal.Registration ignored = cancel.onCancel(body::close)) {
            body.receive(events(decoder, dog));
            // a normal end: the body ended before any abort, so a watchdog that fired since is too late to count
            cancel.throwIfCancelled();
        } catch (IOException e) {
            cancel.throwIfCancelled();
            if (dog.fired()) {
                throw dog.failure(service);
            }
            throw TransportErrors.duringStream(service, e);
        } catch (BackendException e) {
            cancel.throwIfCancelled();
            if (dog.fired()) {
                throw dog.failure(service); // a decoder choking on what the abort left behind
            }
            throw e;
        } finally {
            body.close();
        }
    }

    /** The receiver of the stream: each arrival is activity, then content decoding, SSE and the decoder. */
    private BodyReceiver events(Decoder decoder, IdleWatchdog dog) throws IOException {
        SseParser parser = new SseParser((event, cutShort) -> accept(decoder, event, cutShort));
        BodyReceiver decoded = ResponseBodies.decoding(response.headers(), new BodyReceiver() {
            @Override
            public boolean bytes(byte[] bytes, int offset, int length) throws IOException, BackendException {
                return parser.feed(bytes, offset, length);
            }

            @Override
            public void end() throws BackendException {
                parser.end();
            }
        });
        return new BodyReceiver() {
            @Override
            public boolean bytes(byte[] bytes, int offset, int length) throws IOException, BackendException {
                dog.activity();
                return decoded.bytes(bytes, offset, length);
            }

            @Override
            public void end() throws IOException, BackendException {
                decoded.end();
            }
        };
    }

    private static boolean accept(Decoder decoder, SseEvent event, boolean cutShort) throws BackendException {
        try {
            return decoder.accept(event);
        } catch (BackendException e) {
            if (cutShort && e.type() == ErrorType.PROTOCOL_ERROR) {
                throw decoder.cutOff();
            }
            throw e;
        }
    }

    /**
     * The body of a response that is not the stream (an error page, a JSON answer): decoded, at most
     * {@link #MAX_ERROR_BODY} bytes, closed afterwards; {@code ""} when it cannot be read (the status
     * alone still classifies the failure).
     *
     * @throws BackendException {@code cancelled} when cancelled while reading
     */
    @SuppressWarnings("try") // the registration is held for its scope only
    public String text(CancelSignal cancel) throws BackendException {
        StreamedBody body = response.body();
        try (CancelSignal.Registration ignored = cancel.onCancel(body::close)) {
            BoundedText text = new BoundedText(MAX_ERROR_BODY);
            body.receive(ResponseBodies.decoding(response.headers(), text));
            return text.toString();
        } catch (IOException e) {
            cancel.throwIfCancelled();
            return "";
        } finally {
            body.close();
        }
    }

    /** Closes the body without reading it. */
    public void discard() {
        response.body().close();
    }

    /** Keeps the first {@code max} bytes of a body, as UTF-8 text. */
    private static final class BoundedText implements BodyReceiver {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final int max;

        BoundedText(int max) {
            this.max = max;
        }

        @Override
        public boolean bytes(byte[] input, int offset, int length) {
            bytes.write(input, offset, Math.min(length, max - bytes.size()));
            return bytes.size() >= max;
        }

        @Override
        public void end() {
        }

        @Override
        public String toString() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }
}
