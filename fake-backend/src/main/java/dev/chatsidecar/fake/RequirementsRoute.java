package dev.chatsidecar.fake;

import com.google.gson.JsonObject;
import java.io.IOException;

/**
 * {@code POST /backend-anon/sentinel/chat-requirements}: needs {@code {"p": "gAAAAAC..."}},
 * hands out a fresh single-use token with a proof-of-work seed (and a challenge when the
 * options demand one).
 */
final class RequirementsRoute implements Route {
    private final FakeBackend.Options options;
    private final SentinelLedger ledger;

    RequirementsRoute(FakeBackend.Options options, SentinelLedger ledger) {
        this.options = options;
        this.ledger = ledger;
    }

    @Override
    public void handle(HttpRequest request, HttpResponse response) throws IOException {
        if (refusedBody(request, response)) {
            return;
        }
        SentinelLedger.Grant grant = ledger.issue(options.difficulty());
        JsonObject body = new JsonObject();
        body.addProperty("persona", "chatgpt-noauth");
        body.addProperty("token", grant.token);
        body.addProperty("expire_after", 540);
        addDemands(body, options, grant);
        response.sendJson(200, FakeJson.compact(body));
    }

    /** Answers 400 and returns true unless the body is {@code {"p": "gAAAAAC..."}}. */
    static boolean refusedBody(HttpRequest request, HttpResponse response) throws IOException {
        String p = RequestJson.string(RequestJson.object(request), "p");
        if (p == null || !p.startsWith(ProofOfWork.REQUIREMENTS_PREFIX)) {
            response.sendJson(400, FakeJson.detail(
                    "body must be {\"p\": \"" + ProofOfWork.REQUIREMENTS_PREFIX + "...\"} (fake)"));
            return true;
        }
        return false;
    }

    /** The proof-of-work demand of {@code grant} and the challenges the options ask for. */
    static void addDemands(JsonObject body, FakeBackend.Options options, SentinelLedger.Grant grant) {
        JsonObject pow = new JsonObject();
        pow.addProperty("required", options.requireProofOfWork());
        if (options.requireProofOfWork()) {
            pow.addProperty("seed", grant.seed);
            pow.addProperty("difficulty", grant.difficulty);
        }
        body.add("proofofwork", pow);
        body.add("turnstile", challenge(options.challenge() == FakeBackend.Challenge.TURNSTILE));
        body.add("arkose", challenge(options.challenge() == FakeBackend.Challenge.ARKOSE));
        body.add("so", challenge(options.challenge() == FakeBackend.Challenge.SO));
    }

    static JsonObject challenge(boolean required) {
        JsonObject challenge = new JsonObject();
        challenge.addProperty("required", required);
        if (required) {
            challenge.addProperty("dx", "fake-challenge-program");
        }
        return challenge;
    }
}
