package dev.chatsidecar.fake;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * {@code POST /backend-anon/conversation} (2026 mode: {@code /backend-anon/f/conversation}): checks
 * the sentinel headers (single-use requirements token, proof of work, challenge tokens; in 2026 mode
 * also the prepare token, the single-use conduit token with its turn trace id, and the target path)
 * and the body, applies error triggers, then streams the answer of the last user message.
 */
final class ConversationRoute implements Route {
    static final String REQUIREMENTS_TOKEN_HEADER = "openai-sentinel-chat-requirements-token";
    static final String PROOF_TOKEN_HEADER = "openai-sentinel-proof-token";
    static final String PREPARE_TOKEN_HEADER = "openai-sentinel-chat-requirements-prepare-token";
    static final String CONDUIT_HEADER = "x-conduit-token";
    static final String TARGET_PATH_HEADER = "x-openai-target-path";

    private final FakeBackend.Options options;
    private final SentinelLedger ledger;
    private final Conversations conversations;
    private final Ids ids;
    private final ChatGptStreamer streamer;

    ConversationRoute(FakeBackend.Options options, SentinelLedger ledger, Conversations conversations, Ids ids,
            FakeStats stats) {
        this.options = options;
        this.ledger = ledger;
        this.conversations = conversations;
        this.ids = ids;
        this.streamer = new ChatGptStreamer(options, stats);
    }

    @Override
    public void handle(HttpRequest request, HttpResponse response) throws IOException {
        String refusal = sentinelRefusal(request);
        if (refusal != null) {
            response.sendJson(403, FakeJson.detail(refusal));
            return;
        }
        JsonObject body = RequestJson.object(request);
        if (body == null) {
            response.sendJson(400, FakeJson.detail("request body is not a JSON object (fake)"));
            return;
        }
        String missing = ConversationBodyCheck.missingField(body);
        if (missing != null) {
            response.sendJson(422, ConversationBodyCheck.validationError(missing));
            return;
        }
        if (options.mode() == FakeBackend.Mode.Y2026 && RequestJson.string(body, "conversation_id") == null
                && !"client-created-root".equals(RequestJson.string(body, "parent_message_id"))) {
            response.sendJson(400, FakeJson.detail("a new chat's parent_message_id must be client-created-root (fake)"));
            return;
        }
        if (!isTrue(body.get("force_use_sse"))) {
            response.sendJson(400, FakeJson.detail("force_use_sse must be true: this fake only streams SSE"));
            return;
        }
        JsonObject userMessage = ConversationBodyCheck.lastUserMessage(body.getAsJsonArray("messages"));
        if (userMessage == null) {
            response.sendJson(422, ConversationBodyCheck.validationError("messages"));
            return;
        }
        String prompt = ConversationBodyCheck.text(userMessage);
        Triggers triggers = Triggers.in(prompt);
        if (ChatGptErrors.sendIfTriggered(triggers, response)) {
            return;
        }
        Conversations.Turn turn;
        try {
            turn = conversations.next(RequestJson.string(body, "conversation_id"),
                    RequestJson.string(body, "parent_message_id"));
        } catch (Conversations.Rejection rejection) {
            response.sendJson(rejection.status, FakeJson.detail(rejection.getMessage()));
            return;
        }
        String userMessageId = RequestJson.string(userMessage, "id");
        ChatGptTurn answer = new ChatGptTurn(turn.conversationId, turn.assistantMessageId,
                userMessageId == null ? ids.uuid() : userMessageId, prompt, RequestJson.string(body, "model"),
                BigDecimal.valueOf(System.currentTimeMillis(), 3));
        streamer.stream(response, answer, triggers, FakeAnswers.chunksFor(prompt, turn.number));
    }

    /** Why the sentinel headers are not acceptable, or null when they are. Uses up the token. */
    private String sentinelRefusal(HttpRequest request) {
        SentinelLedger.Grant grant = ledger.redeem(request.header(REQUIREMENTS_TOKEN_HEADER));
        if (grant == null) {
            return "invalid or reused requirements token";
        }
        if (options.requireProofOfWork()) {
            String problem = ProofOfWork.problemWith(request.header(PROOF_TOKEN_HEADER), grant.seed,
                    grant.difficulty);
            if (problem != null) {
                return "invalid proof of work: " + problem + " (fake)";
            }
        }
        if (options.challenge() == FakeBackend.Challenge.TURNSTILE
                && request.header("openai-sentinel-turnstile-token") == null) {
            return "Turnstile verification required (fake)";
        }
        if (options.challenge() == FakeBackend.Challenge.ARKOSE
                && request.header("openai-sentinel-arkose-token") == null) {
            return "Arkose verification required (fake)";
        }
        if (options.challenge() == FakeBackend.Challenge.SO && request.header("openai-sentinel-so-token") == null) {
            return "SO verification required (fake)";
        }
        return options.mode() == FakeBackend.Mode.Y2026 ? refusal2026(request, grant) : null;
    }

    /** 2026 mode: the prepare token of the grant, a fresh conduit with its trace id, the target path. */
    private String refusal2026(HttpRequest request, SentinelLedger.Grant grant) {
        if (grant.prepareToken == null || !grant.prepareToken.equals(request.header(PREPARE_TOKEN_HEADER))) {
            return "the prepare token does not belong to the requirements token (fake)";
        }
        String trace = ledger.redeemConduit(request.header(CONDUIT_HEADER));
        if (trace == null) {
            return "invalid or reused conduit token (fake)";
        }
        if (!trace.equals(request.header(ConduitRoute.TRACE_HEADER))) {
            return "x-oai-turn-trace-id differs from the conduit's (fake)";
        }
        if (!request.path().equals(request.header(TARGET_PATH_HEADER))) {
            return "x-openai-target-path is not the request path (fake)";
        }
        return null;
    }

    private static boolean isTrue(JsonElement value) {
        return value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isBoolean()
                && value.getAsBoolean();
    }
}
