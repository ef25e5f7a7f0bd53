package dev.chatsidecar.fake;

import com.google.gson.JsonObject;
import java.io.IOException;

/**
 * 2026 mode's {@code POST /backend-anon/f/conversation/prepare}: needs a JSON body with
 * {@code action}, {@code model} and {@code parent_message_id}, and the header
 * {@code x-oai-turn-trace-id}; answers {@code {"conduit_token": ...}}, good for one conversation
 * request carrying the same trace id.
 */
final class ConduitRoute implements Route {
    static final String TRACE_HEADER = "x-oai-turn-trace-id";

    private final SentinelLedger ledger;

    ConduitRoute(SentinelLedger ledger) {
        this.ledger = ledger;
    }

    @Override
    public void handle(HttpRequest request, HttpResponse response) throws IOException {
        JsonObject body = RequestJson.object(request);
        if (body == null) {
            response.sendJson(400, FakeJson.detail("request body is not a JSON object (fake)"));
            return;
        }
        for (String field : new String[] {"action", "model", "parent_message_id"}) {
            if (RequestJson.string(body, field) == null) {
                response.sendJson(422, ConversationBodyCheck.validationError(field));
                return;
            }
        }
        String trace = request.header(TRACE_HEADER);
        if (trace == null || trace.isBlank()) {
            response.sendJson(400, FakeJson.detail(TRACE_HEADER + " is missing (fake)"));
            return;
        }
        JsonObject answer = new JsonObject();
        answer.addProperty("conduit_token", ledger.conduit(trace));
        response.sendJson(200, FakeJson.compact(answer));
    }
}
