package dev.chatsidecar.server.openai;

import dev.chatsidecar.protocol.ErrorType;
import dev.chatsidecar.server.upstream.BackendException;
import dev.chatsidecar.server.backend.BackendRequest;
import dev.chatsidecar.server.backend.BackendResult;
import dev.chatsidecar.server.upstream.CancelSignal;
import dev.chatsidecar.server.backend.DeltaSink;
import dev.chatsidecar.server.http.CancellableSend;
import dev.chatsidecar.server.http.EventStreamResponse;
import dev.chatsidecar.server.http.StreamedBody;
import dev.chatsidecar.server.http.SseEvent;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * One {@code POST /chat/completions} with {@code stream: true}: sends the conversation, maps a failed
 * answer to a typed error, and streams the deltas through the shared {@link EventStreamResponse}
 * (cancel, idle watchdog, answer deadline, cut detection) with its own decoder; a stream that ends without
 * {@code [DONE]} or a finish reason was cut ({@code upstream_error}, the text so far is kept). A server
 * that ignores {@code stream} and answers with one JSON completion is accepted too.
 */
final class OpenAiExchange {
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
        EventStreamResponse response;
        try {
            response = new EventStreamResponse(CancellableSend.send(client, httpRequest,
                    StreamedBody.handler(), cancel, endpoint.service()), endpoint.service());
        } catch (BackendException e) {
            throw errors.scrub(e);
        }
        int status = response.statusCode();
        String type = response.contentType();
        if (!response.succeeded()) {
            throw errors.fromResponse(status, response.headers(), response.text(cancel), model);
        }
        if (type.contains("application/json")) {
            return whole(response.text(cancel), sink);
        }
        if (!type.contains("text/event-stream")) {
            throw errors.notUnderstood(status, "an answer that is not an event stream (content-type \"" + type + "\")",
                    response.text(cancel));
        }
        sink.accepted();
        return events(response, sink, cancel);
    }

    private BackendResult events(EventStreamResponse response, DeltaSink sink, CancelSignal cancel)
            throws BackendException {
        ChatCompletionStream decoder = new ChatCompletionStream(errors, endpoint.service());
        EventStreamResponse.Decoder events = new EventStreamResponse.Decoder() {
            @Override
            public boolean accept(SseEvent event) throws BackendException {
                sink.delta(decoder.accept(event.data()));
                return decoder.done();
            }

            @Override
            public BackendException cutOff() {
                return cut();
            }
        };
        try {
            response.read(events, endpoint.idleTimeoutMs(), endpoint.answerTimeoutMs(), cancel);
        } catch (BackendException e) {
            throw errors.scrub(e);
        }
        if (!decoder.complete()) {
            throw cut();
        }
        return new BackendResult(OpenAiBackend.finishReason(decoder.finishReason()), null, decoder.usage());
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
}
