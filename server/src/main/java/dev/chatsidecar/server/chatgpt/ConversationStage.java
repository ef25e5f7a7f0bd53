package dev.chatsidecar.server.chatgpt;

import com.google.gson.JsonObject;
import dev.chatsidecar.protocol.ErrorType;
import dev.chatsidecar.server.upstream.BackendException;
import dev.chatsidecar.server.backend.BackendRequest;
import dev.chatsidecar.server.upstream.CancelSignal;
import dev.chatsidecar.server.http.CancellableSend;
import dev.chatsidecar.server.http.ErrorBodies;
import dev.chatsidecar.server.http.EventStreamResponse;
import dev.chatsidecar.server.http.StreamedBody;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Locale;
import java.util.UUID;

/**
 * Stage 4: the conversation request. Newest path first: {@code f/conversation} with its conduit
 * (prepared by {@link ConduitStage}, usually ahead of time) and the 2025–26 headers; when that path
 * answers 404 the session remembers it and the 2024 {@code conversation} path is used (nothing was
 * streamed, and the sentinel token was not spent). Returns the response once its headers show an
 * event stream; anything else becomes a typed error here, before any text.
 */
final class ConversationStage {
    /** Obtains the conduit of a turn: prefetched or prepared now; {@code null} when there is no f/ path. */
    interface Conduits {
        ConduitStage.Conduit take(ChatGptSession session, ConduitStage.Turn turn, CancelSignal cancel)
                throws BackendException;
    }

    private final Clock clock;
    private final ZoneId zone;

    ConversationStage(Clock clock, ZoneId zone) {
        this.clock = clock;
        this.zone = zone;
    }

    /** Sends the request; the returned stream must be read (or discarded) by the caller. */
    EventStreamResponse open(BackendRequest request, Requirements requirements, Conduits conduits, HttpClient client,
                             CancelSignal cancel) throws BackendException {
        ChatGptSession session = requirements.session();
        if (!session.legacyConversation()) {
            ConduitStage.Conduit conduit = conduits.take(session,
                    ConduitStage.Turn.of(request.model(), request.conversation()), cancel);
            if (conduit != null) {
                EventStreamResponse response = send(request, requirements, conduit, client, cancel);
                if (response.statusCode() != 404) {
                    return checked(request, response, session, cancel);
                }
                response.discard();
                session.useLegacyConversation();
            }
        }
        return checked(request, send(request, requirements, null, client, cancel), session, cancel);
    }

    private EventStreamResponse send(BackendRequest request, Requirements requirements, ConduitStage.Conduit conduit,
                                     HttpClient client, CancelSignal cancel) throws BackendException {
        ChatGptSession session = requirements.session();
        ChatGptEndpoint endpoint = session.endpoint();
        boolean newPath = conduit != null;
        JsonObject body = ConversationPayload.build(request.messages(), request.model(), request.conversation(), clock,
                zone, UUID::randomUUID, newPath);
        String path = newPath ? ChatGptEndpoint.F_CONVERSATION : ChatGptEndpoint.CONVERSATION;
        URI uri = endpoint.uri(path);
        HttpRequest.Builder builder = ChatGptHeaders.api(HttpRequest.newBuilder(uri), session, "text/event-stream")
                .header("openai-sentinel-chat-requirements-token", requirements.token())
                .timeout(Duration.ofMillis(endpoint.idleTimeoutMs()))
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (requirements.prepareToken() != null) {
            builder.header("openai-sentinel-chat-requirements-prepare-token", requirements.prepareToken());
        }
        if (requirements.proofToken() != null) {
            builder.header("openai-sentinel-proof-token", requirements.proofToken());
        }
        if (newPath) {
            builder.header("x-conduit-token", conduit.token())
                    .header("x-oai-turn-trace-id", conduit.traceId())
                    .header("x-openai-target-path", path)
                    .header("x-openai-target-route", path);
        }
        requirements.challengeHeaders().forEach(builder::header);
        session.addCookies(builder, uri);
        HttpResponse<StreamedBody> response = CancellableSend.send(client, builder.build(),
                StreamedBody.handler(), cancel, endpoint.service());
        session.storeCookies(uri, response.headers());
        return new EventStreamResponse(response, endpoint.service());
    }

    private static EventStreamResponse checked(BackendRequest request, EventStreamResponse response,
                                               ChatGptSession session, CancelSignal cancel) throws BackendException {
        if (response.isEventStream()) {
            return response;
        }
        int status = response.statusCode();
        String text = response.text(cancel);
        ChatGptErrors errors = ChatGptErrors.forEndpoint(session.endpoint());
        if (!response.succeeded()) {
            if (continuesUnknownConversation(request, status, text)) {
                throw new BackendException(ErrorType.INVALID_REQUEST, session.endpoint().service()
                        + " does not know the conversation \"" + request.conversation().id + "\" (HTTP " + status
                        + "): it was deleted, has expired, or belongs to another session.",
                        "Start a new chat (send the request without \"conversation\").", false, status, null, null);
            }
            throw errors.fromResponse(status, response.headers(), text);
        }
        // a success status without a stream: an error body in disguise, or an API this sidecar does not know
        if (ErrorBodies.isCloudflareChallenge(response.headers(), text)
                || "model_cap_exceeded".equals(ErrorBodies.code(ErrorBodies.jsonObject(text)))) {
            throw errors.fromResponse(status, response.headers(), text);
        }
        throw errors.notUnderstood(status, "an answer that is not an event stream (content-type \""
                + response.contentType() + "\")", text);
    }

    /**
     * Whether a refused follow-up names a conversation the server does not have: a 404 (the API
     * itself was found: new chats get through), or a 4xx whose body says the conversation was not found.
     */
    static boolean continuesUnknownConversation(BackendRequest request, int status, String body) {
        if (request.conversation() == null || request.conversation().id == null) {
            return false;
        }
        String text = body == null ? "" : body.toLowerCase(Locale.ROOT);
        return status == 404 || (status >= 400 && status < 500 && status != 401 && status != 403 && status != 429
                && text.contains("conversation") && text.contains("not found"));
    }
}
