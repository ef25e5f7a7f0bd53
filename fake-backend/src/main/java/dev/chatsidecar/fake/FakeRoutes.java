package dev.chatsidecar.fake;

import java.io.IOException;

/**
 * Dispatches by method and path, records every request (except {@code /__stats}) first. Each
 * {@link FakeBackend.Mode} serves its own generation's ChatGPT paths; the other's answer 404.
 */
final class FakeRoutes implements Route {
    static final String HOMEPAGE = "/";
    static final String REQUIREMENTS = "/backend-anon/sentinel/chat-requirements";
    static final String CONVERSATION = "/backend-anon/conversation";
    static final String SENTINEL_PREPARE = "/backend-anon/sentinel/chat-requirements/prepare";
    static final String SENTINEL_FINALIZE = "/backend-anon/sentinel/chat-requirements/finalize";
    static final String CONDUIT = "/backend-anon/f/conversation/prepare";
    static final String F_CONVERSATION = "/backend-anon/f/conversation";
    static final String OPENAI_MODELS = "/v1/models";
    static final String OPENAI_CHAT = "/v1/chat/completions";
    static final String STATS = "/__stats";

    private final FakeStats stats;
    private final boolean mode2026;
    private final Sentinel2026Route sentinel2026;
    private final Route conduit;
    private final Route homepage;
    private final Route requirements;
    private final Route conversation;
    private final OpenAiRoutes openai;

    FakeRoutes(FakeBackend.Options options, FakeStats stats) {
        this.stats = stats;
        Ids ids = new Ids(options.randomSeed());
        SentinelLedger ledger = new SentinelLedger(ids);
        this.mode2026 = options.mode() == FakeBackend.Mode.Y2026;
        this.sentinel2026 = new Sentinel2026Route(options, ledger);
        this.conduit = new ConduitRoute(ledger);
        this.homepage = new HomepageRoute(ids);
        this.requirements = new RequirementsRoute(options, ledger);
        this.conversation = new ConversationRoute(options, ledger, new Conversations(ids), ids, stats);
        this.openai = new OpenAiRoutes(options, ids, stats);
    }

    @Override
    public void handle(HttpRequest request, HttpResponse response) throws IOException {
        String method = request.method();
        String path = request.path();
        if (path.equals(STATS)) {
            answerStats(request, response);
            return;
        }
        FakeStats.Endpoint endpoint = endpointOf(path);
        stats.record(endpoint, new RecordedRequest(method, path, request.headers(), request.bodyText()));
        switch (endpoint) {
            case HOMEPAGE:
                allow(method, "GET", request, response, homepage);
                break;
            case REQUIREMENTS:
                allow(method, "POST", request, response, mode2026 ? sentinel2026::prepare : requirements);
                break;
            case SENTINEL_FINALIZE:
                allow(method, "POST", request, response, sentinel2026::finalizeTokens);
                break;
            case CONDUIT:
                allow(method, "POST", request, response, conduit);
                break;
            case CONVERSATION:
                allow(method, "POST", request, response, conversation);
                break;
            case OPENAI_MODELS:
                allow(method, "GET", request, response, openai::models);
                break;
            case OPENAI_CHAT:
                allow(method, "POST", request, response, openai::chat);
                break;
            default:
                response.sendJson(404, FakeJson.detail("Not Found"));
        }
    }

    private FakeStats.Endpoint endpointOf(String path) {
        switch (path) {
            case HOMEPAGE: return FakeStats.Endpoint.HOMEPAGE;
            case REQUIREMENTS: return mode2026 ? FakeStats.Endpoint.OTHER : FakeStats.Endpoint.REQUIREMENTS;
            case CONVERSATION: return mode2026 ? FakeStats.Endpoint.OTHER : FakeStats.Endpoint.CONVERSATION;
            case SENTINEL_PREPARE: return mode2026 ? FakeStats.Endpoint.REQUIREMENTS : FakeStats.Endpoint.OTHER;
            case SENTINEL_FINALIZE: return mode2026 ? FakeStats.Endpoint.SENTINEL_FINALIZE : FakeStats.Endpoint.OTHER;
            case CONDUIT: return mode2026 ? FakeStats.Endpoint.CONDUIT : FakeStats.Endpoint.OTHER;
            case F_CONVERSATION: return mode2026 ? FakeStats.Endpoint.CONVERSATION : FakeStats.Endpoint.OTHER;
            case OPENAI_MODELS: return FakeStats.Endpoint.OPENAI_MODELS;
            case OPENAI_CHAT: return FakeStats.Endpoint.OPENAI_CHAT;
            default: return FakeStats.Endpoint.OTHER;
        }
    }

    private static void allow(String method, String allowed, HttpRequest request, HttpResponse response, Route route)
            throws IOException {
        if (!method.equals(allowed)) {
            response.sendJson(405, FakeJson.detail("Method Not Allowed"), "Allow", allowed);
            return;
        }
        route.handle(request, response);
    }

    /** {@code GET /__stats} → the stats; {@code DELETE /__stats} → reset, then the (empty) stats. */
    private void answerStats(HttpRequest request, HttpResponse response) throws IOException {
        if (request.method().equals("DELETE")) {
            stats.reset();
        }
        response.sendJson(200, stats.toJson());
    }
}
