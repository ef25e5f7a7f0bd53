package dev.chatsidecar.server.openai;

import dev.chatsidecar.protocol.ErrorType;
import dev.chatsidecar.server.backend.BackendRequest;
import dev.chatsidecar.server.backend.BackendResult;
import dev.chatsidecar.server.backend.DeltaSink;
import dev.chatsidecar.server.http.CancellableSend;
import dev.chatsidecar.server.http.IdleWatchdog;
import dev.chatsidecar.server.http.ResponseBodies;
import dev.chatsidecar.server.http.SseEvent;
import dev.chatsidecar.server.http.SseReader;
import dev.chatsidecar.server.http.TransportErrors;
import dev.chatsidecar.server.upstream.BackendException;
import dev.chatsidecar.server.upstream.CancelSignal;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;

/**
 * One {@code POST /chat/completions} with {@code stream: true}: sends the conversation, maps a failed
 * answer to a typed error, and streams the deltas. Cancel closes the response at once; no byte for
 * {@code http.idleTimeoutMs} (before the headers or mid-stream) aborts it; a stream that ends without
 * {@code [DONE]} or a finish reason was cut ({@code upstream_error}, the text so far is kept). A server
 * that ignores {@code stream} and answers with one JSON completion is accepted too.
 */
final class OpenAiExchange {
    private static final int MAX_ERROR_BODY = 64 * 1024;

    private final OpenAiEndpoint endpoint;
    private final HttpClient client;
    private final OpenAiErrors errors;

    OpenAiExchange(OpenAiEndpoint endpoint, HttpClient client, OpenAiErrors errors) {
        this.endpoint = endpoint;
        this.client = client;
        this.errors = errors;
    }

    BackendResult stream(String model, BackendRequest request, DeltaSink sink, CancelSignal cancel) throws BackendException {
        String body = ChatCompletionBody.build(model, request.messages(), request.options()).toString();
        HttpRequest httpRequest = endpoint.headers(HttpRequest.newBuilder(endpoint.uri("/chat/completions")))
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .timeout(Duration.ofMillis(endpoint.idleTimeoutMs()))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<InputStream> response;
        try {
            response = CancellableSend.send(client, httpRequest, HttpResponse.BodyHandlers.ofInputStream(), cancel,
                    endpoint.service());
        } catch (BackendException e) {
            throw errors.scrub(e);
        }
        int status = response.statusCode();
        String type = response.headers().firstValue("content-type").orElse("").toLowerCase(Locale.ROOT);
        if (status < 200 || status >= 300) {
            throw errors.fromResponse(status, response.headers(), readText(response, cancel), model);
        }
        if (type.contains("application/json")) {
            return whole(readText(response, cancel), sink);
        }
        if (!type.contains("text/event-stream")) {
            throw errors.notUnderstood(status, "an answer that is not an event stream (content-type \"" + type + "\")",
                    readText(response, cancel));
        }
        sink.accepted();
        return events(response, sink, cancel);
    }

    private BackendResult events(HttpResponse<InputStream> response, DeltaSink sink, CancelSignal cancel)
            throws BackendException {
        ChatCompletionStream decoder = new ChatCompletionStream(errors, endpoint.service());
        InputStream raw = response.body();
        try (CancelSignal.Registration ignored = cancel.onCancel(() -> closeQuietly(raw));
             IdleWatchdog watchdog = IdleWatchdog.watch(raw, endpoint.idleTimeoutMs())) {
            try {
                EndAwareStream body = new EndAwareStream(ResponseBodies.decoded(response.headers(), watchdog.stream()));
                try (SseReader reader = new SseReader(body)) {
                    SseEvent event;
                    while (!decoder.done() && (event = reader.next()) != null) {
                        sink.delta(accept(decoder, event, body.ended()));
                    }
                }
            } catch (IOException e) {
                cancel.throwIfCancelled();
                if (watchdog.fired()) {
                    throw watchdog.failure(endpoint.service());
                }
                throw errors.scrub(TransportErrors.duringStream(endpoint.service(), e));
            }
        }
        cancel.throwIfCancelled();
        if (!decoder.complete()) {
            throw cut();
        }
        return new BackendResult(OpenAiBackend.finishReason(decoder.finishReason()), null, decoder.usage());
    }

    /**
     * Decodes one event. The reader hands over an unterminated last event when the stream ends; if
     * that one is not a complete chunk, the connection was cut in the middle of it.
     */
    private String accept(ChatCompletionStream decoder, SseEvent event, boolean atEnd) throws BackendException {
        try {
            return decoder.accept(event.data());
        } catch (BackendException e) {
            if (atEnd && e.type() == ErrorType.PROTOCOL_ERROR) {
                throw cut();
            }
            throw e;
        }
    }

    private BackendException cut() {
        return new BackendException(ErrorType.UPSTREAM_ERROR, endpoint.service()
                + " ended the stream before the answer was complete (no [DONE] and no finish reason).",
                "Try again; the text received so far is kept.", true);
    }

    /** A server that answered {@code stream: true} with a single {@code chat.completion} object. */
    private BackendResult whole(String text, DeltaSink sink) throws BackendException {
        ChatCompletionStream decoder = new ChatCompletionStream(errors, endpoint.service());
        String content = decoder.accept(text);
        sink.accepted();
        sink.delta(content);
        return new BackendResult(OpenAiBackend.finishReason(decoder.finishReason()), null, decoder.usage());
    }

    private static String readText(HttpResponse<InputStream> response, CancelSignal cancel) throws BackendException {
        try (CancelSignal.Registration ignored = cancel.onCancel(() -> closeQuietly(response.body()))) {
            return ResponseBodies.readText(ResponseBodies.decoded(response.headers(), response.body()), MAX_ERROR_BODY);
        } catch (IOException e) {
            cancel.throwIfCancelled();
            return ""; // the status alone still classifies the failure
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // closing is the abort; nothing more to do
        }
    }

    /** Remembers whether the underlying stream reached its end. */
    private static final class EndAwareStream extends java.io.FilterInputStream {
        private volatile boolean ended;

        EndAwareStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            ended |= b < 0;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            ended |= n < 0;
            return n;
        }

        boolean ended() {
            return ended;
        }
    }
}
