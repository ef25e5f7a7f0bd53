package dev.chatsidecar.server.chatgpt;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.chatsidecar.server.upstream.BackendException;
import dev.chatsidecar.server.upstream.CancelSignal;
import dev.chatsidecar.server.http.HttpErrors;
import dev.chatsidecar.server.log.Log;
import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.Map;

/**
 * Stage 2: the sentinel. Newest form first (protocol notes §8.1): {@code chat-requirements/prepare}
 * with the requirements token, then — once its answer showed no challenge and no forced login
 * ({@link ChallengeStage}) — the proof of work, then {@code chat-requirements/finalize} with the proof
 * for the token. When {@code prepare} answers 404 the session remembers it and uses the 2024 single
 * call ({@code chat-requirements}), whose answer is checked for challenges the same way before any
 * work is paid. Tokens are single use; {@link Prefetcher} fetches the next ones in the background.
 */
final class RequirementsStage {
    private static final Log LOG = Log.get(RequirementsStage.class);

    private final PowSettings pow;
    private final ChallengeStage challenges;
    private final Clock clock;
    private final ZoneId zone;
    private final SecureRandom random = new SecureRandom();

    RequirementsStage(PowSettings pow, ChallengeStage challenges, Clock clock, ZoneId zone) {
        this.pow = pow;
        this.challenges = challenges;
        this.clock = clock;
        this.zone = zone;
    }

    /** Fetches fresh requirements (and solves their proof of work) on the calling thread. */
    Requirements fetch(ChatGptSession session, HttpClient client, CancelSignal cancel) throws BackendException {
        ProofOfWork work = pow.forEndpoint(session.endpoint());
        PowConfig config = config(session, work);
        JsonObject body = new JsonObject();
        body.addProperty("p", work.requirementsToken(config, random));
        if (!session.legacySentinel()) {
            JsonCall.Answer first = JsonCall.post(session, ChatGptEndpoint.REQUIREMENTS_PREPARE, body, Map.of(),
                    client, cancel);
            if (first.status() != 404) {
                return twoCalls(session, first, work, config, client, cancel);
            }
            LOG.info("the two-call sentinel is not there (HTTP 404); this session uses the 2024 chat-requirements call");
            session.useLegacySentinel();
        }
        JsonCall.Answer answer = JsonCall.post(session, ChatGptEndpoint.REQUIREMENTS, body, Map.of(), client, cancel);
        JsonObject json = successObject(session, answer, "chat requirements");
        String token = JsonCall.string(json.get("token"));
        if (token == null || token.isBlank()) {
            throw ChatGptErrors.forEndpoint(session.endpoint()).notUnderstood(answer.status(), "chat requirements",
                    answer.text());
        }
        Map<String, String> challengeHeaders = checkChallenges(session, json);
        String proof = payWork(session, json, work, config, answer, cancel);
        return new Requirements(token, null, JsonCall.string(json.get("persona")), proof, challengeHeaders,
                clock.millis(), expires(json), session);
    }

    private Requirements twoCalls(ChatGptSession session, JsonCall.Answer first, ProofOfWork work, PowConfig config,
                                  HttpClient client, CancelSignal cancel) throws BackendException {
        JsonObject json = successObject(session, first, "a sentinel prepare answer");
        String prepareToken = JsonCall.string(json.get("prepare_token"));
        if (prepareToken == null || prepareToken.isBlank()) {
            throw ChatGptErrors.forEndpoint(session.endpoint()).notUnderstood(first.status(),
                    "a sentinel prepare answer without prepare_token", first.text());
        }
        Map<String, String> challengeHeaders = checkChallenges(session, json);
        String proof = payWork(session, json, work, config, first, cancel);
        JsonObject body = new JsonObject();
        body.addProperty("prepare_token", prepareToken);
        if (proof != null) {
            body.addProperty("proofofwork", proof);
        }
        JsonCall.Answer second = JsonCall.post(session, ChatGptEndpoint.REQUIREMENTS_FINALIZE, body, Map.of(),
                client, cancel);
        JsonObject finalized = successObject(session, second, "a sentinel finalize answer");
        String token = JsonCall.string(finalized.get("token"));
        if (token == null || token.isBlank()) {
            throw ChatGptErrors.forEndpoint(session.endpoint()).notUnderstood(second.status(),
                    "a sentinel finalize answer without token", second.text());
        }
        Long expires = expires(finalized);
        return new Requirements(token, prepareToken, JsonCall.string(json.get("persona")), proof, challengeHeaders,
                clock.millis(), expires != null ? expires : expires(json), session);
    }

    /** The answer as a JSON object; a failed status or a body that is not an object is a typed error. */
    private static JsonObject successObject(ChatGptSession session, JsonCall.Answer answer, String what)
            throws BackendException {
        ChatGptErrors errors = ChatGptErrors.forEndpoint(session.endpoint());
        if (!answer.ok()) {
            throw errors.fromResponse(answer.status(), answer.headers(), answer.text());
        }
        JsonObject json = HttpErrors.parseObject(answer.text());
        if (json == null) {
            throw errors.notUnderstood(answer.status(), what, answer.text());
        }
        return json;
    }

    /** Ends the request when a challenge or a login is demanded; returns tokens a source supplied. */
    private Map<String, String> checkChallenges(ChatGptSession session, JsonObject json) throws BackendException {
        Map<Challenge, String> demanded = new EnumMap<>(Challenge.class);
        for (Challenge challenge : Challenge.values()) {
            JsonObject demand = JsonCall.object(json.get(challenge.field()));
            if (demand != null && JsonCall.bool(demand.get("required"))) {
                demanded.put(challenge, JsonCall.string(demand.get("dx")));
            }
        }
        return challenges.headers(session.endpoint().service(), demanded, JsonCall.bool(json.get("force_login")));
    }

    /** The proof token when work is demanded (the search is cancellable and bounded), else {@code null}. */
    private String payWork(ChatGptSession session, JsonObject json, ProofOfWork work, PowConfig config,
                           JsonCall.Answer answer, CancelSignal cancel) throws BackendException {
        JsonObject demand = JsonCall.object(json.get("proofofwork"));
        if (demand == null || !JsonCall.bool(demand.get("required"))) {
            return null;
        }
        String seed = JsonCall.string(demand.get("seed"));
        String difficulty = JsonCall.string(demand.get("difficulty"));
        if (seed == null || difficulty == null) {
            throw ChatGptErrors.forEndpoint(session.endpoint()).notUnderstood(answer.status(),
                    "a proof-of-work demand without seed or difficulty", answer.text());
        }
        long start = System.nanoTime();
        String proof = work.proofToken(seed, difficulty, config, cancel);
        LOG.debug("proof of work (" + work.hash().name() + ", difficulty " + difficulty + ") took "
                + (System.nanoTime() - start) / 1_000_000 + " ms");
        return proof;
    }

    private Long expires(JsonObject json) {
        JsonElement expireAfter = json.get("expire_after");
        if (expireAfter != null && expireAfter.isJsonPrimitive() && expireAfter.getAsJsonPrimitive().isNumber()) {
            return clock.millis() + Math.round(expireAfter.getAsDouble() * 1000);
        }
        return null;
    }

    private PowConfig config(ChatGptSession session, ProofOfWork work) {
        return PowConfig.honest(session.endpoint().userAgent(), session.buildId(), session.deviceId(),
                session.createdMillis(), clock, zone, session.locale(), work.hash().configSlots());
    }
}
