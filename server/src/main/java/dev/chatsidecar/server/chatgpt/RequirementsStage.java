package dev.chatsidecar.server.chatgpt;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.chatsidecar.server.http.CancellableSend;
import dev.chatsidecar.server.http.HttpErrors;
import dev.chatsidecar.server.http.ResponseBodies;
import dev.chatsidecar.server.http.TransportErrors;
import dev.chatsidecar.server.log.Log;
import dev.chatsidecar.server.upstream.BackendException;
import dev.chatsidecar.server.upstream.CancelSignal;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.Map;

/**
 * Stage 2: the chat requirements. POSTs the requirements token, parses the answer and pays the
 * proof of work it asks for. Requirements tokens are single use, so after a request consumed one
 * the next is fetched in the background ({@link RequirementsPrefetch}): in steady state a request
 * then waits on one upstream call only, the conversation.
 */
final class RequirementsStage {
    private static final Log LOG = Log.get(RequirementsStage.class);
    private static final int MAX_BODY_BYTES = 256 * 1024;

    private final ProofOfWork pow;
    private final Clock clock;
    private final ZoneId zone;
    private final SecureRandom random = new SecureRandom();

    RequirementsStage(ProofOfWork pow, Clock clock, ZoneId zone) {
        this.pow = pow;
        this.clock = clock;
        this.zone = zone;
    }

    /** Fetches fresh requirements (and solves their proof of work) on the calling thread. */
    @SuppressWarnings("try") // the registration is held for its scope only
    Requirements fetch(ChatGptSession session, HttpClient client, CancelSignal cancel) throws BackendException {
        ChatGptEndpoint endpoint = session.endpoint();
        HttpErrors errors = ChatGptErrors.forEndpoint(endpoint);
        JsonObject body = new JsonObject();
        body.addProperty("p", pow.requirementsToken(config(session), random));
        URI uri = endpoint.uri(ChatGptEndpoint.REQUIREMENTS);
        HttpRequest.Builder builder = ChatGptHeaders.api(HttpRequest.newBuilder(uri), session, "*/*")
                .timeout(Duration.ofMillis(endpoint.idleTimeoutMs()))
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        session.addCookies(builder, uri);
        HttpResponse<InputStream> response = CancellableSend.send(client, builder.build(),
                HttpResponse.BodyHandlers.ofInputStream(), cancel, endpoint.service());
        session.storeCookies(uri, response.headers());
        String text;
        try (CancelSignal.Registration ignored = cancel.onCancel(() -> closeQuietly(response.body()))) {
            text = ResponseBodies.readText(ResponseBodies.decoded(response.headers(), response.body()), MAX_BODY_BYTES);
        } catch (IOException e) {
            cancel.throwIfCancelled();
            throw TransportErrors.beforeResponse(endpoint.service(), uri, e);
        }
        cancel.throwIfCancelled();
        int status = response.statusCode();
        if (status < 200 || status >= 300) {
            throw errors.fromResponse(status, response.headers(), text);
        }
        JsonObject json = HttpErrors.parseObject(text);
        String token = json == null ? null : string(json.get("token"));
        if (token == null || token.isBlank()) {
            throw errors.notUnderstood(status, "chat requirements", text);
        }
        return parse(json, token, session, errors, status, text, cancel);
    }

    private Requirements parse(JsonObject json, String token, ChatGptSession session, HttpErrors errors, int status,
                               String text, CancelSignal cancel) throws BackendException {
        long now = clock.millis();
        String proofToken = null;
        JsonObject work = object(json.get("proofofwork"));
        if (work != null && bool(work.get("required"))) {
            String seed = string(work.get("seed"));
            String difficulty = string(work.get("difficulty"));
            if (seed == null || difficulty == null) {
                throw errors.notUnderstood(status, "a proof-of-work demand without seed or difficulty", text);
            }
            long start = System.nanoTime();
            proofToken = pow.proofToken(seed, difficulty, config(session), cancel);
            LOG.debug("proof of work (" + pow.hash().name() + ", difficulty " + difficulty + ") took "
                    + (System.nanoTime() - start) / 1_000_000 + " ms");
        }
        Map<Challenge, String> challenges = new EnumMap<>(Challenge.class);
        for (Challenge challenge : Challenge.values()) {
            JsonObject demand = object(json.get(challenge.field()));
            if (demand != null && bool(demand.get("required"))) {
                challenges.put(challenge, string(demand.get("dx")));
            }
        }
        Long expires = null;
        JsonElement expireAfter = json.get("expire_after");
        if (expireAfter != null && expireAfter.isJsonPrimitive() && expireAfter.getAsJsonPrimitive().isNumber()) {
            expires = now + Math.round(expireAfter.getAsDouble() * 1000);
        }
        return new Requirements(token, string(json.get("persona")), proofToken, challenges,
                bool(json.get("force_login")), now, expires, session);
    }

    private PowConfig config(ChatGptSession session) {
        return PowConfig.honest(session.endpoint().userAgent(), session.buildId(), session.deviceId(),
                session.createdMillis(), clock, zone, session.locale());
    }

    private static JsonObject object(JsonElement element) {
        return element != null && element.isJsonObject() ? element.getAsJsonObject() : null;
    }

    private static String string(JsonElement element) {
        return element != null && element.isJsonPrimitive() ? element.getAsString() : null;
    }

    private static boolean bool(JsonElement element) {
        return element != null && element.isJsonPrimitive() && element.getAsJsonPrimitive().isBoolean()
                && element.getAsBoolean();
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // closing aborts the exchange; nothing else to do
        }
    }
}
