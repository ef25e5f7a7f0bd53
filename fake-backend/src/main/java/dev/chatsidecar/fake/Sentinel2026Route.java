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
        if (RequirementsRoute.refusedBody(request, response)) {
            return;
        }
        SentinelLedger.Grant grant = ledger.prepare(options.difficulty());
        JsonObject body = new JsonObject();
        body.addProperty("persona", "chatgpt-noauth");
        body.addProperty("prepare_token", grant.token);
        RequirementsRoute.addDemands(body, options, grant);
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
