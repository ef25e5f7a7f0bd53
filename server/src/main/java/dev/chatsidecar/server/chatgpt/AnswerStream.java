package dev.chatsidecar.server.chatgpt;

import dev.chatsidecar.protocol.ErrorType;
import dev.chatsidecar.server.backend.BackendException;
import dev.chatsidecar.server.backend.CancelSignal;
import dev.chatsidecar.server.backend.DeltaSink;
import dev.chatsidecar.server.http.IdleWatchdog;
import dev.chatsidecar.server.http.ResponseBodies;
import dev.chatsidecar.server.http.SseEvent;
import dev.chatsidecar.server.http.SseFormatException;
import dev.chatsidecar.server.http.SseReader;
import dev.chatsidecar.server.http.TransportErrors;
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
                if (decoder.accept(event)) {
                    break;
                }
            }
            cancel.throwIfCancelled();
            if (dog.fired()) {
                throw dog.failure(endpoint.service());
            }
            return decoder.finish();
        } catch (SseFormatException e) {
            throw new BackendException(ErrorType.PROTOCOL_ERROR, endpoint.service() + " sent a malformed event stream: "
                    + e.getMessage() + ".", "Update chat-sidecar; the service changed how it streams answers.", false,
                    null, null, e);
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

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // closing is how the exchange is aborted; nothing else to do
        }
    }
}
