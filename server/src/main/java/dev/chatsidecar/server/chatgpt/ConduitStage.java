package dev.chatsidecar.server.chatgpt;

import com.google.gson.JsonObject;
import dev.chatsidecar.protocol.ConversationRef;
import dev.chatsidecar.server.upstream.BackendException;
import dev.chatsidecar.server.upstream.CancelSignal;
import dev.chatsidecar.server.http.HttpErrors;
import dev.chatsidecar.server.log.Log;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Map;
import java.util.UUID;

/**
 * The {@code f/conversation/prepare} call (protocol notes §8.1, step 4): hands out the conduit token
 * that the {@code f/conversation} request carries as {@code x-conduit-token}, for one turn. The turn
 * trace id made here goes on both calls. A 404 means the session's server has no {@code f/} path:
 * the session remembers it and the 2024 path is used.
 */
final class ConduitStage {
    private static final Log LOG = Log.get(ConduitStage.class);

    private final Clock clock;
    private final ZoneId zone;

    ConduitStage(Clock clock, ZoneId zone) {
        this.clock = clock;
        this.zone = zone;
    }

    /**
     * Which turn a conduit is for: the model and where the turn hangs in the conversation.
     *
     * @param conversationId {@code null} for a new chat
     * @param parentId       the last assistant message id, or {@value ConversationPayload#NEW_CHAT_ROOT}
     */
    record Turn(String model, String conversationId, String parentId) {

        /** The turn a request asks for. */
        static Turn of(String model, ConversationRef conversation) throws BackendException {
            return ConversationPayload.isFollowUp(conversation)
                    ? new Turn(model, conversation.id, conversation.parentMessageId)
                    : newChat(model);
        }

        static Turn newChat(String model) {
            return new Turn(model, null, ConversationPayload.NEW_CHAT_ROOT);
        }

        /** The prefetch slot of this turn in {@code session}. */
        String slot(ChatGptSession session) {
            return slotPrefix(session) + model + "\n" + conversationId + "\n" + parentId;
        }

        static String slotPrefix(ChatGptSession session) {
            return slotPrefix(session.endpoint());
        }

        static String slotPrefix(ChatGptEndpoint endpoint) {
            return endpoint.sessionKey() + "\nconduit\n";
        }
    }

    /**
     * A conduit token and the trace id of its turn.
     *
     * @param fetchedMillis when it arrived (epoch ms)
     */
    record Conduit(String token, String traceId, long fetchedMillis) {
    }

    /**
     * Prepares {@code turn}.
     *
     * @return the conduit, or {@code null} when the server has no {@code f/conversation} path (404)
     */
    Conduit prepare(ChatGptSession session, Turn turn, HttpClient client, CancelSignal cancel)
            throws BackendException {
        String traceId = UUID.randomUUID().toString();
        JsonObject body = ConversationPayload.prepare(turn.model(), turn.conversationId(), turn.parentId(), clock, zone);
        JsonCall.Answer answer = JsonCall.post(session, ChatGptEndpoint.F_CONVERSATION_PREPARE, body,
                Map.of("x-oai-turn-trace-id", traceId), client, cancel);
        if (answer.status() == 404) {
            LOG.info("f/conversation is not there (HTTP 404); this session uses the 2024 conversation path");
            session.useLegacyConversation();
            return null;
        }
        ChatGptErrors errors = ChatGptErrors.forEndpoint(session.endpoint());
        if (!answer.ok()) {
            throw errors.fromResponse(answer.status(), answer.headers(), answer.text());
        }
        JsonObject json = HttpErrors.parseObject(answer.text());
        String token = json == null ? null : JsonCall.string(json.get("conduit_token"));
        if (token == null || token.isBlank()) {
            throw errors.notUnderstood(answer.status(), "a conversation prepare answer without conduit_token",
                    answer.text());
        }
        return new Conduit(token, traceId, clock.millis());
    }
}
