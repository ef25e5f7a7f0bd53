package dev.chatsidecar.server.chatgpt;

import dev.chatsidecar.protocol.ErrorType;
import dev.chatsidecar.server.backend.DeltaSink;
import dev.chatsidecar.server.http.IdleWatchdog;
import dev.chatsidecar.server.http.ResponseBodies;
import dev.chatsidecar.server.http.SseEvent;
import dev.chatsidecar.server.http.SseReader;
import dev.chatsidecar.server.http.TransportErrors;
import dev.chatsidecar.server.upstream.BackendException;
import dev.chatsidecar.server.upstream.CancelSignal;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;

/**
 * Reads the conversation's event stream into the sink: content decoding, SSE framing, the
 * {@link ChatGptStreamDecoder}, an {@link IdleWatchdog} for stalls, and cancellation, which closes
 * the response stream at once (and with it the upstream connection).
 */
final class AnswerStream {
    private AnswerStream() {
    }

    @SuppressWarnings("try") // the registration is held for its scope only
    static ChatGptStreamDecoder.Outcome read(HttpResponse<InputStream> response, ChatGptEndpoint endpoint,
                                             DeltaSink sink, CancelSignal cancel) throws BackendException {
        InputStream raw = response.body();
        ChatGptStreamDecoder decoder = new ChatGptStreamDecoder(endpoint.service(), sink::delta);
        IdleWatchdog dog = IdleWatchdog.watch(raw, endpoint.idleTimeoutMs());
        try (dog; CancelSignal.Registration ignored = cancel.onCancel(() -> closeQuietly(raw))) {
            SseReader reader = new SseReader(ResponseBodies.decoded(response.headers(), dog.stream()));
            SseEvent event;
            while ((event = reader.next()) != null) {
                if (accept(decoder, event, reader.lastEventCutShort())) {
                    break;
                }
            }
            cancel.throwIfCancelled();
            if (dog.fired()) {
                throw dog.failure(endpoint.service());
            }
            return decoder.finish();
        } catch (IOException e) {
            cancel.throwIfCancelled();
            if (dog.fired()) {
                throw dog.failure(endpoint.service());
            }
            if (e instanceof ResponseBodies.UnsupportedEncodingException) {
                throw TransportErrors.beforeResponse(endpoint.service(), endpoint.uri(ChatGptEndpoint.CONVERSATION), e);
            }
            throw TransportErrors.duringStream(endpoint.service(), e);
        } finally {
            closeQuietly(raw);
        }
    }

    /**
     * Feeds one event. An event that the end of the input closed and that does not parse was cut in
     * the middle by a connection closed early: a cut stream, not a format the sidecar does not know.
     */
    private static boolean accept(ChatGptStreamDecoder decoder, SseEvent event, boolean cutShort)
            throws BackendException {
        try {
            return decoder.accept(event);
        } catch (BackendException e) {
            if (cutShort && e.type() == ErrorType.PROTOCOL_ERROR) {
                throw decoder.cutOff();
            }
            throw e;
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // closing is how the exchange is aborted; nothing else to do
        }
    }
}
