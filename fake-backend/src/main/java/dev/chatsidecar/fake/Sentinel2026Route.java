package dev.chatsidecar.fake;

import com.google.gson.JsonObject;
import java.io.IOException;

/**
 * 2026 mode's two-call sentinel. {@code chat-requirements/prepare} needs {@code {"p": "gAAAAAC..."}}
 * and answers a single-use {@code prepare_token} with the proof-of-work seed and the challenges
 * ({@code turnstile}, {@code arkose}, {@code so}, {@code force_login}); {@code /finalize} needs
 * {@code {"prepare_token", "proofofwork"}} with a valid proof for that seed and answers the
 * requirements {@code token} the conversation sends.
 */
final class Sentinel2026Route {
    private final FakeBackend.Options options;
    private final SentinelLedger ledger;

    Sentinel2026Route(FakeBackend.Options options, SentinelLedger ledger) {
        this.options = options;
        this.ledger = ledger;
    }

    void prepare(HttpRequest request, HttpResponse response) throws IOException {
        String p = RequestJson.string(RequestJson.object(request), "p");
        if (p == null || !p.startsWith(ProofOfWork.REQUIREMENTS_PREFIX)) {
            response.sendJson(400, FakeJson.detail(
                    "body must be {\"p\": \"" + ProofOfWork.REQUIREMENTS_PREFIX + "...\"} (fake)"));
            return;
        }
        SentinelLedger.Grant grant = ledger.prepare(options.difficulty());
        JsonObject body = new JsonObject();
        body.addProperty("persona", "chatgpt-noauth");
        body.addProperty("prepare_token", grant.token);
        JsonObject pow = new JsonObject();
        pow.addProperty("required", options.requireProofOfWork());
        if (options.requireProofOfWork()) {
            pow.addProperty("seed", grant.seed);
            pow.addProperty("difficulty", grant.difficulty);
        }
        body.add("proofofwork", pow);
        body.add("turnstile", RequirementsRoute.challenge(options.challenge() == FakeBackend.Challenge.TURNSTILE));
        body.add("arkose", RequirementsRoute.challenge(options.challenge() == FakeBackend.Challenge.ARKOSE));
        body.add("so", RequirementsRoute.challenge(options.challenge() == FakeBackend.Challenge.SO));
        body.addProperty("force_login", false);
        response.sendJson(200, FakeJson.compact(body));
    }

    void finalizeTokens(HttpRequest request, HttpResponse response) throws IOException {
        JsonObject json = RequestJson.object(request);
        SentinelLedger.Grant prepared = ledger.takePrepared(RequestJson.string(json, "prepare_token"));
        if (prepared == null) {
            response.sendJson(403, FakeJson.detail("invalid or reused prepare token (fake)"));
            return;
        }
        if (options.requireProofOfWork()) {
            String problem = ProofOfWork.problemWith(RequestJson.string(json, "proofofwork"), prepared.seed,
                    prepared.difficulty);
            if (problem != null) {
                response.sendJson(403, FakeJson.detail("invalid proof of work: " + problem + " (fake)"));
                return;
            }
        }
        SentinelLedger.Grant grant = ledger.finalized(prepared);
        JsonObject body = new JsonObject();
        body.addProperty("token", grant.token);
        body.addProperty("expire_after", 540);
        response.sendJson(200, FakeJson.compact(body));
    }
}
