package dev.chatsidecar.server.chatgpt;

import com.google.gson.JsonObject;
import dev.chatsidecar.protocol.ErrorType;
import dev.chatsidecar.server.backend.BackendRequest;
import dev.chatsidecar.server.http.CancellableSend;
import dev.chatsidecar.server.http.ErrorBodies;
import dev.chatsidecar.server.http.HttpErrors;
import dev.chatsidecar.server.http.ResponseBodies;
import dev.chatsidecar.server.upstream.BackendException;
import dev.chatsidecar.server.upstream.CancelSignal;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Stage 4: the conversation request. POSTs the body with the sentinel headers (requirements token,
 * proof token, challenge tokens) and returns the response once its headers show an event stream;
 * anything else becomes a typed error here, before any text.
 */
final class ConversationStage {
    private static final int MAX_ERROR_BODY = 64 * 1024;

    private final Clock clock;
    private final ZoneId zone;

    ConversationStage(Clock clock, ZoneId zone) {
        this.clock = clock;
        this.zone = zone;
    }

    /** Sends the request; the returned body is an event stream the caller must close. */
    HttpResponse<InputStream> open(BackendRequest request, Requirements requirements, Map<String, String> challengeHeaders,
                                   HttpClient client, CancelSignal cancel) throws BackendException {
        ChatGptSession session = requirements.session();
        ChatGptEndpoint endpoint = session.endpoint();
        JsonObject body = ConversationPayload.build(request.messages(), request.model(), request.conversation(), clock,
                zone, UUID::randomUUID);
        URI uri = endpoint.uri(ChatGptEndpoint.CONVERSATION);
        HttpRequest.Builder builder = ChatGptHeaders.api(HttpRequest.newBuilder(uri), session, "text/event-stream")
                .header("openai-sentinel-chat-requirements-token", requirements.token())
                .timeout(Duration.ofMillis(endpoint.idleTimeoutMs()))
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (requirements.proofToken() != null) {
            builder.header("openai-sentinel-proof-token", requirements.proofToken());
        }
        challengeHeaders.forEach(builder::header);
        session.addCookies(builder, uri);
        HttpResponse<InputStream> response = CancellableSend.send(client, builder.build(),
                HttpResponse.BodyHandlers.ofInputStream(), cancel, endpoint.service());
        session.storeCookies(uri, response.headers());
        int status = response.statusCode();
        String type = response.headers().firstValue("content-type").orElse("").toLowerCase(Locale.ROOT);
        if (status >= 200 && status < 300 && type.contains("text/event-stream")) {
            return response;
        }
        String text = readError(response, cancel);
        HttpErrors errors = ChatGptErrors.forEndpoint(endpoint);
        if (status < 200 || status >= 300) {
            if (continuesUnknownConversation(request, status, text)) {
                throw new BackendException(ErrorType.INVALID_REQUEST, endpoint.service() + " does not know the "
                        + "conversation \"" + request.conversation().id + "\" (HTTP " + status + "): it was deleted, "
                        + "has expired, or belongs to another session.", "Start a new chat (send the request "
                        + "without \"conversation\").", false, status, null, null);
            }
            throw errors.fromResponse(status, response.headers(), text);
        }
        // a success status without a stream: an error body in disguise, or an API this sidecar does not know
        if (ErrorBodies.isCloudflareChallenge(response.headers(), text)
                || "model_cap_exceeded".equals(ErrorBodies.code(ErrorBodies.jsonObject(text)))) {
            throw errors.fromResponse(status, response.headers(), text);
        }
        throw errors.notUnderstood(status, "an answer that is not an event stream (content-type \"" + type + "\")", text);
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

    @SuppressWarnings("try") // the registration is held for its scope only
    private static String readError(HttpResponse<InputStream> response, CancelSignal cancel) throws BackendException {
        try (CancelSignal.Registration ignored = cancel.onCancel(() -> {
            try {
                response.body().close();
            } catch (IOException closeFailed) {
                // nothing more to abort
            }
        })) {
            return ResponseBodies.readText(ResponseBodies.decoded(response.headers(), response.body()), MAX_ERROR_BODY);
        } catch (IOException e) {
            cancel.throwIfCancelled();
            return ""; // the status alone still classifies the failure
        }
    }
}
