package dev.chatsidecar.server.chatgpt;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * chatgpt.com's endpoints on WireMock. The requirements endpoint issues a new token and seed
 * on every call ({@code req-1}/{@code seed-1}, ...) and remembers them, so tests can check single
 * use and verify the proof of work against the seed that was actually issued. The 2025–26 paths
 * answer 404 (as a 2024 server) until {@link #sentinel2026}, {@link #conduit} and
 * {@link #fConversation} stub them.
 */
final class FakeChatGpt implements AutoCloseable {
    static final String HOME = "/";
    static final String REQUIREMENTS = "/backend-anon/sentinel/chat-requirements";
    static final String CONVERSATION = "/backend-anon/conversation";
    static final String PREPARE = "/backend-anon/sentinel/chat-requirements/prepare";
    static final String FINALIZE = "/backend-anon/sentinel/chat-requirements/finalize";
    static final String CONDUIT = "/backend-anon/f/conversation/prepare";
    static final String F_CONVERSATION = "/backend-anon/f/conversation";
    static final String FINAL_TOKEN = "final-token";
    static final String CONDUIT_TOKEN = "conduit-token";
    static final String DIFFICULTY = "00ffff";
    static final String COOKIE_DEVICE_ID = "did-from-cookie";

    final WireMockServer wm;
    final Issuer issuer = new Issuer();
    /** Latency added before each stubbed answer (ms). */
    int delayMs;

    FakeChatGpt() {
        wm = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").gzipDisabled(true)
                .extensions(issuer));
        wm.start();
        for (String path : List.of(PREPARE, FINALIZE, CONDUIT, F_CONVERSATION)) {
            wm.stubFor(post(path).atPriority(10).willReturn(aResponse().withStatus(404)
                    .withHeader("content-type", "application/json").withBody("{\"detail\":\"Not Found\"}")));
        }
    }

    /**
     * The two-call sentinel: {@code prepare} issues {@code req-N}/{@code seed-N} as its prepare token
     * (with {@code extra} members merged in), {@code finalize} answers {@link #FINAL_TOKEN}.
     */
    FakeChatGpt sentinel2026(String extra) {
        wm.stubFor(post(PREPARE).willReturn(aResponse().withStatus(200).withFixedDelay(delayMs)
                .withHeader("content-type", "application/json")
                .withTransformers(Issuer.NAME).withTransformerParameter("extra", extra)
                .withTransformerParameter("tokenName", "prepare_token")));
        wm.stubFor(post(FINALIZE).willReturn(aResponse().withStatus(200).withFixedDelay(delayMs)
                .withHeader("content-type", "application/json")
                .withBody("{\"token\":\"" + FINAL_TOKEN + "\",\"expire_after\":540}")));
        return this;
    }

    /** {@code f/conversation/prepare} hands out {@link #CONDUIT_TOKEN}. */
    FakeChatGpt conduit() {
        wm.stubFor(post(CONDUIT).willReturn(aResponse().withStatus(200).withFixedDelay(delayMs)
                .withHeader("content-type", "application/json")
                .withBody("{\"conduit_token\":\"" + CONDUIT_TOKEN + "\"}")));
        return this;
    }

    FakeChatGpt fConversation(String sse) {
        wm.stubFor(post(F_CONVERSATION).willReturn(aResponse().withStatus(200).withFixedDelay(delayMs)
                .withHeader("content-type", "text/event-stream; charset=utf-8").withBody(sse)));
        return this;
    }

    /** All of the 2025–26 flow, answering {@code sse}. */
    FakeChatGpt flow2026(String sse) {
        return homepage().sentinel2026("").conduit().fConversation(sse);
    }

    List<LoggedRequest> requests(String path) {
        return wm.findAll(postRequestedFor(urlPathEqualTo(path)));
    }

    String baseUrl() {
        return "http://127.0.0.1:" + wm.port();
    }

    /** A home page that sets the device-id cookie and carries a build id. */
    FakeChatGpt homepage() {
        wm.stubFor(get(HOME).willReturn(aResponse().withStatus(200).withFixedDelay(delayMs)
                .withHeader("content-type", "text/html; charset=utf-8")
                .withHeader("set-cookie", "oai-did=" + COOKIE_DEVICE_ID + "; Path=/; Max-Age=31536000")
                .withHeader("set-cookie", "__cf_bm=cfbm-value; Path=/; HttpOnly")
                .withBody("<!DOCTYPE html><html data-build=\"prod-abc123\" lang=\"en\"><head></head><body></body></html>")));
        return this;
    }

    /** Requirements that demand proof of work; {@code extra} members (JSON, may be empty) are merged in. */
    FakeChatGpt requirements(String extra) {
        wm.stubFor(post(REQUIREMENTS).willReturn(aResponse().withStatus(200).withFixedDelay(delayMs)
                .withHeader("content-type", "application/json")
                .withTransformers(Issuer.NAME).withTransformerParameter("extra", extra)));
        return this;
    }

    FakeChatGpt conversation(String sse) {
        wm.stubFor(post(CONVERSATION).willReturn(aResponse().withStatus(200).withFixedDelay(delayMs)
                .withHeader("content-type", "text/event-stream; charset=utf-8").withBody(sse)));
        return this;
    }

    /** Stubs {@code mapping} (for error cases). */
    FakeChatGpt stub(MappingBuilder mapping) {
        wm.stubFor(mapping);
        return this;
    }

    List<LoggedRequest> homepageRequests() {
        return wm.findAll(getRequestedFor(urlPathEqualTo(HOME)));
    }

    List<LoggedRequest> requirementsRequests() {
        return wm.findAll(postRequestedFor(urlPathEqualTo(REQUIREMENTS)));
    }

    List<LoggedRequest> conversationRequests() {
        return wm.findAll(postRequestedFor(urlPathEqualTo(CONVERSATION)));
    }

    static JsonObject json(LoggedRequest request) {
        return JsonParser.parseString(request.getBodyAsString()).getAsJsonObject();
    }

    @Override
    public void close() {
        wm.stop();
    }

    /** Issues {@code req-N} tokens with seed {@code seed-N}. */
    static final class Issuer implements ResponseDefinitionTransformerV2 {
        static final String NAME = "requirements-issuer";
        final AtomicInteger issued = new AtomicInteger();
        /** token → seed of every token handed out. */
        final Map<String, String> seeds = new ConcurrentHashMap<>();

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            int n = issued.incrementAndGet();
            JsonObject body = new JsonObject();
            body.addProperty("persona", "chatgpt-noauth");
            Parameters parameters = event.getTransformerParameters();
            String tokenName = parameters == null ? "token" : parameters.getString("tokenName", "token");
            body.addProperty(tokenName, "req-" + n);
            JsonObject pow = new JsonObject();
            pow.addProperty("required", true);
            pow.addProperty("seed", "seed-" + n);
            pow.addProperty("difficulty", DIFFICULTY);
            body.add("proofofwork", pow);
            body.add("turnstile", JsonParser.parseString("{\"required\": false}"));
            String extra = parameters == null ? null : parameters.getString("extra", null);
            if (extra != null && !extra.isBlank()) {
                JsonParser.parseString(extra).getAsJsonObject().entrySet().forEach(e -> body.add(e.getKey(), e.getValue()));
            }
            seeds.put("req-" + n, "seed-" + n);
            return ResponseDefinitionBuilder.like(event.getResponseDefinition()).but().withBody(body.toString()).build();
        }

        @Override
        public String getName() {
            return NAME;
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }
    }
}
