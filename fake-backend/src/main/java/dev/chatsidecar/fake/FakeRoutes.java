package dev.chatsidecar.fake;

import java.io.IOException;

/** Dispatches by method and path, records every request (except {@code /__stats}) first. */
final class FakeRoutes implements Route {
    static final String HOMEPAGE = "/";
    static final String REQUIREMENTS = "/backend-anon/sentinel/chat-requirements";
    static final String CONVERSATION = "/backend-anon/conversation";
    static final String OPENAI_MODELS = "/v1/models";
    static final String OPENAI_CHAT = "/v1/chat/completions";
    static final String STATS = "/__stats";

    private final FakeStats stats;
    private final Route homepage;
    private final Route requirements;
    private final Route conversation;
    private final OpenAiRoutes openai;

    FakeRoutes(FakeBackend.Options options, FakeStats stats) {
        this.stats = stats;
        Ids ids = new Ids(options.randomSeed());
        SentinelLedger ledger = new SentinelLedger(ids);
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
                allow(method, "POST", request, response, requirements);
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

    private static FakeStats.Endpoint endpointOf(String path) {
        switch (path) {
            case HOMEPAGE: return FakeStats.Endpoint.HOMEPAGE;
            case REQUIREMENTS: return FakeStats.Endpoint.REQUIREMENTS;
            case CONVERSATION: return FakeStats.Endpoint.CONVERSATION;
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
