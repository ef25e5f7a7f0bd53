package dev.chatsidecar.server.backend;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.chatsidecar.protocol.ModelInfo;
import dev.chatsidecar.server.chatgpt.ChatGptBackend;
import dev.chatsidecar.server.chatgpt.ChatGptOptions;
import dev.chatsidecar.server.openai.OpenAiBackend;
import dev.chatsidecar.server.settings.Settings;
import dev.chatsidecar.server.testing.InProcessServer;
import dev.chatsidecar.server.testing.ScriptedBackend;
import dev.chatsidecar.server.testing.ServedSidecar;
import dev.chatsidecar.server.upstream.BackendException;
import dev.chatsidecar.server.upstream.CancelSignal;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Issue 11/12: the model list says what the last real contact showed, stays fresh, and tells the client when it changes. */
class ModelListTest {

    private static JsonObject models(InProcessServer s, String params) {
        JsonObject response = s.client.response(s.client.request("chat/models", params));
        assertTrue(response.has("result"), response.toString());
        return response.getAsJsonObject("result");
    }

    /** The list once no backend is still being checked (a slow first listing is announced when it lands). */
    private static JsonObject settledModels(InProcessServer s) {
        JsonObject result = models(s, "{}");
        boolean checking = result.getAsJsonArray("models").asList().stream().map(JsonElement::getAsJsonObject)
                .anyMatch(m -> m.get("id").getAsString().endsWith("/*") && m.get("status").getAsString().equals("unchecked"));
        if (checking) {
            awaitModelsChanged(s);
            result = models(s, "{}");
        }
        return result;
    }

    private static JsonObject byId(JsonObject result, String id) {
        for (JsonElement model : result.getAsJsonArray("models")) {
            if (model.getAsJsonObject().get("id").getAsString().equals(id)) {
                return model.getAsJsonObject();
            }
        }
        throw new AssertionError(id + " not listed in " + result);
    }

    private static void awaitModelsChanged(InProcessServer s) {
        JsonObject note = s.client.awaitFrame(f -> f.has("method")
                && f.get("method").getAsString().equals("chat/modelsChanged"), "chat/modelsChanged");
        assertEquals(new JsonObject(), note.getAsJsonObject("params"));
    }

    private static String closedPortUrl() throws Exception {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }
    }

    @Test
    void chatGptIsUncheckedUntilARequestFailsToReachItThenUnavailableAndTheClientIsTold() throws Exception {
        String down = closedPortUrl();
        try (ServedSidecar s = new ServedSidecar(List.of(new ChatGptBackend(new ChatGptOptions().deviceIdDir(null))),
                "{\"chatgpt\":{\"baseUrl\":\"" + down + "\"}}")) {
            JsonObject auto = byId(models(s.server, "{}"), "auto");
            assertEquals("unchecked", auto.get("status").getAsString());
            assertTrue(auto.get("available").getAsBoolean(), "not checked is not unavailable");
            s.await(s.start("hi", "auto")).assertFailure(dev.chatsidecar.protocol.ErrorType.UNREACHABLE, null, "");
            awaitModelsChanged(s.server);
            auto = byId(models(s.server, "{}"), "auto");
            assertEquals("unavailable", auto.get("status").getAsString());
            assertFalse(auto.get("available").getAsBoolean());
            assertFalse(auto.get("unavailableReason").getAsString().isBlank());
        }
    }

    @Test
    void aServerThatComesUpIsReadyAtOnceOnRefreshOrAfterARequestNotAfterTheCache() {
        WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        try {
            server.stubFor(get("/v1/models").willReturn(aResponse().withStatus(503)));
            try (ServedSidecar s = new ServedSidecar(List.of(new OpenAiBackend()), "{\"openai\":{\"baseUrl\":"
                    + "\"http://127.0.0.1:" + server.port() + "/v1\"}}")) {
                JsonObject placeholder = byId(settledModels(s.server), "openai/*");
                assertEquals("unavailable", placeholder.get("status").getAsString());
                server.stubFor(get("/v1/models").willReturn(aResponse().withStatus(200)
                        .withHeader("content-type", "application/json").withBody("{\"data\":[{\"id\":\"m1\"}]}")));
                // still the cached failure without refresh; with it the server is asked again now
                assertEquals("unavailable", byId(models(s.server, "{}"), "openai/*").get("status").getAsString());
                JsonObject m1 = byId(models(s.server, "{\"refresh\":true}"), "openai/m1");
                assertEquals("ready", m1.get("status").getAsString());
                assertTrue(m1.get("available").getAsBoolean());
                awaitModelsChanged(s.server);

                // the server goes away: a request that cannot reach it flips the list without waiting for the cache
                server.stubFor(post("/v1/chat/completions").willReturn(aResponse().withFault(
                        com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER)));
                s.await(s.start("hi", "openai/m1"));
                awaitModelsChanged(s.server);
                assertEquals("unavailable", byId(models(s.server, "{}"), "openai/m1").get("status").getAsString());
            }
        } finally {
            server.stop();
        }
    }

    @Test
    void aServerThatWasDownIsCheckedAgainWithoutARequestAndItsReturnAnnounced() throws Exception {
        WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        ModelCatalog catalog = new ModelCatalog(List.of(new OpenAiBackend()), 10_000, 10_000, 100);
        try {
            server.stubFor(get("/v1/models").willReturn(aResponse().withStatus(503)));
            CountDownLatch changed = new CountDownLatch(1);
            catalog.onChange(changed::countDown);
            Settings settings = dev.chatsidecar.server.testing.TestSettings.of("openai.baseUrl",
                    "http://127.0.0.1:" + server.port() + "/v1");
            assertEquals("unavailable", catalog.list(settings).get(0).status);
            server.stubFor(get("/v1/models").willReturn(aResponse().withStatus(200)
                    .withHeader("content-type", "application/json").withBody("{\"data\":[{\"id\":\"m1\"}]}")));
            assertTrue(changed.await(30, TimeUnit.SECONDS), "the server's return was announced");
            ModelInfo m1 = catalog.list(settings).get(0);
            assertEquals("openai/m1", m1.id);
            assertEquals("ready", m1.status);
        } finally {
            catalog.close();
            server.stop();
        }
    }

    @Test
    void anUnconfiguredBackendIsNotPolled() {
        assertFalse(new OpenAiBackend().worthRechecking(dev.chatsidecar.server.testing.TestSettings.of()));
    }

    @Test
    void refreshMustBeABoolean() {
        try (InProcessServer s = new InProcessServer(List.of(ScriptedBackend.standard()))) {
            s.client.initialize(null);
            JsonObject error = s.client.response(s.client.request("chat/models", "{\"refresh\":\"yes\"}"))
                    .getAsJsonObject("error");
            assertEquals(-32602, error.get("code").getAsInt());
            assertTrue(error.get("message").getAsString().contains("refresh"), error.toString());
        }
    }

    /** A backend whose listing hangs until released, as a black-holed server or a stuck disk would. */
    private static final class HangingBackend implements ChatBackend {
        final CountDownLatch listing = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public String provider() {
            return "hanging";
        }

        @Override
        public String idPrefix() {
            return "hanging/";
        }

        @Override
        public List<ModelInfo> models(Settings settings) {
            listing.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return List.of(new ModelInfo("hanging/m", "m", "hanging", List.of()).ready());
        }

        @Override
        public BackendResult complete(BackendRequest request, DeltaSink sink, CancelSignal cancel)
                throws BackendException {
            throw new AssertionError("not asked");
        }
    }

    @Test
    void aHangingBackendDelaysNeitherTheOthersModelsNorTheirRequestsAndItsLateListIsAnnounced() throws Exception {
        HangingBackend hanging = new HangingBackend();
        try (InProcessServer s = new InProcessServer(List.of(ScriptedBackend.standard(), hanging))) {
            s.client.initialize(null);
            JsonObject result = models(s, "{}");
            assertTrue(hanging.listing.await(10, TimeUnit.SECONDS));
            assertEquals(1, hanging.release.getCount(), "answered while the hanging backend still lists");
            assertTrue(byId(result, "s-default").get("available").getAsBoolean());
            assertEquals("unchecked", byId(result, "hanging/*").get("status").getAsString());
            // a request for another backend is answered while that listing still hangs
            JsonObject answer = s.client.response(s.client.request("chat/complete",
                    "{\"messages\":[{\"role\":\"user\",\"content\":\"echo:fine\"}],\"model\":\"s-other\"}"));
            assertEquals("fine", answer.getAsJsonObject("result").get("text").getAsString());
            assertEquals(1, hanging.release.getCount());
            hanging.release.countDown();
            awaitModelsChanged(s);
            assertEquals("ready", byId(models(s, "{}"), "hanging/m").get("status").getAsString());
        }
    }

    @Test
    void lastContactFollowsTheLatestOutcome() {
        LastContact contacts = new LastContact();
        List<ModelInfo> models = List.of(new ModelInfo("a", "a", "p", List.of()));
        assertEquals("unchecked", contacts.apply("x", models).get(0).status);
        contacts.record("x", new BackendException(dev.chatsidecar.protocol.ErrorType.UNREACHABLE, "down", "h", true));
        assertEquals("unavailable", contacts.apply("x", models).get(0).status);
        assertEquals("unchecked", contacts.apply("elsewhere", models).get(0).status);
        contacts.record("x", new BackendException(dev.chatsidecar.protocol.ErrorType.RATE_LIMITED, "slow", "h", true));
        assertEquals("ready", contacts.apply("x", models).get(0).status, "a rate limit is an answer");
        contacts.record("x", BackendException.cancelled());
        assertEquals("ready", contacts.apply("x", models).get(0).status, "a cancel says nothing");
    }

    @Test
    void closestIdsComeFirst() {
        assertEquals(List.of("local/stories260K", "local/llama"), ModelRouting.closestFirst("local/stories",
                List.of("local/llama", "local/stories260K")));
    }
}
