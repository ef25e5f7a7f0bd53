package dev.chatsidecar.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SentinelTest {
    private static FakeBackend fake;
    private static FakeChatGptClient client;

    @BeforeAll
    static void start() {
        fake = FakeBackend.start(new FakeBackend.Options().difficulty("0fffff"));
        client = new FakeChatGptClient(fake);
    }

    @AfterAll
    static void stop() {
        fake.close();
    }

    @Test
    void homepageSetsDeviceAndSessionCookiesAndCarriesTheBuildId() throws Exception {
        HttpResponse<String> page = client.http.send(HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<html data-build=\"prod-fake-build\""));
        List<String> cookies = page.headers().allValues("set-cookie");
        assertEquals(2, cookies.size());
        assertTrue(cookies.get(0).matches("oai-did=[0-9a-f-]{36}; Path=/;.*"), cookies.get(0));
        assertTrue(cookies.get(1).startsWith("__Secure-fake-session="), cookies.get(1));
    }

    @Test
    void requirementsNeedTheRequirementsToken() throws Exception {
        HttpResponse<String> missing = client.requirements("{}");
        assertEquals(400, missing.statusCode());
        assertTrue(JsonParser.parseString(missing.body()).getAsJsonObject().has("detail"));
        assertEquals(400, client.requirements("{\"p\":\"nope\"}").statusCode());
        assertEquals(400, client.requirements("not json").statusCode());
    }

    @Test
    void requirementsHandOutFreshTokensAndSeeds() throws Exception {
        JsonObject first = JsonParser.parseString(client.requirements("{\"p\":\"gAAAAACx\"}").body()).getAsJsonObject();
        JsonObject second = JsonParser.parseString(client.requirements("{\"p\":\"gAAAAACx\"}").body()).getAsJsonObject();
        assertEquals("chatgpt-noauth", first.get("persona").getAsString());
        assertNotEquals(first.get("token").getAsString(), second.get("token").getAsString());
        JsonObject pow = first.getAsJsonObject("proofofwork");
        assertTrue(pow.get("required").getAsBoolean());
        assertEquals("0fffff", pow.get("difficulty").getAsString());
        assertNotEquals(pow.get("seed"), second.getAsJsonObject("proofofwork").get("seed"));
        assertFalse(first.getAsJsonObject("turnstile").get("required").getAsBoolean());
        assertFalse(first.getAsJsonObject("arkose").get("required").getAsBoolean());
    }

    @Test
    void aRequirementsTokenWorksOnce() throws Exception {
        String[] sentinel = client.sentinelHeaders();
        JsonObject body = FakeChatGptClient.body("hi", null, null);
        HttpResponse<String> first = client.http.send(client.conversationRequest(body, sentinel[0], sentinel[1]),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, first.statusCode());
        HttpResponse<String> again = client.http.send(client.conversationRequest(body, sentinel[0], sentinel[1]),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(403, again.statusCode());
        assertEquals("{\"detail\":\"invalid or reused requirements token\"}", again.body());
    }

    @Test
    void unknownOrMissingTokensAreRefused() throws Exception {
        JsonObject body = FakeChatGptClient.body("hi", null, null);
        assertEquals(403, client.http.send(client.conversationRequest(body, "gAAAAABmadeup", null),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals(403, client.http.send(client.conversationRequest(body, null, null),
                HttpResponse.BodyHandlers.ofString()).statusCode());
    }

    @Test
    void aWrongProofIsRefused() throws Exception {
        String[] sentinel = client.sentinelHeaders();
        String wrong = ProofOfWork.PROOF_PREFIX + "wQ8Lk5FbGpA2NcR9dShT6gYjU7VxZ4DIjAuODExODYxMzMi";
        HttpResponse<String> response = client.http.send(
                client.conversationRequest(FakeChatGptClient.body("hi", null, null), sentinel[0], wrong),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(403, response.statusCode());
        assertTrue(response.body().contains("invalid proof of work"), response.body());
    }

    @Test
    void missingBodyFieldsGetAValidationError() throws Exception {
        JsonObject body = FakeChatGptClient.body("hi", null, null);
        body.remove("model");
        HttpResponse<String> response = client.converse(body);
        assertEquals(422, response.statusCode());
        assertEquals("{\"detail\":[{\"loc\":[\"body\",\"model\"],\"msg\":\"field required\","
                + "\"type\":\"value_error.missing\"}]}", response.body());
        JsonObject noSse = FakeChatGptClient.body("hi", null, null);
        noSse.addProperty("force_use_sse", false);
        assertEquals(400, client.converse(noSse).statusCode());
    }

    @Test
    void withoutProofOfWorkNoProofIsAskedOrChecked() throws Exception {
        try (FakeBackend relaxed = FakeBackend.start(new FakeBackend.Options().requireProofOfWork(false))) {
            FakeChatGptClient relaxedClient = new FakeChatGptClient(relaxed);
            JsonObject requirements = JsonParser.parseString(
                    relaxedClient.requirements("{\"p\":\"gAAAAACx\"}").body()).getAsJsonObject();
            assertFalse(requirements.getAsJsonObject("proofofwork").get("required").getAsBoolean());
            assertEquals(200, relaxedClient.converse(FakeChatGptClient.body("hi", null, null)).statusCode());
            assertEquals(null, relaxed.stats().requests(FakeRoutes.CONVERSATION).get(0)
                    .header(ConversationRoute.PROOF_TOKEN_HEADER));
        }
    }

    @Test
    void aRequiredChallengeIsAnnouncedAndEnforced() throws Exception {
        try (FakeBackend challenged = FakeBackend.start(
                new FakeBackend.Options().challenge(FakeBackend.Challenge.TURNSTILE))) {
            FakeChatGptClient challengedClient = new FakeChatGptClient(challenged);
            JsonObject requirements = JsonParser.parseString(
                    challengedClient.requirements("{\"p\":\"gAAAAACx\"}").body()).getAsJsonObject();
            assertTrue(requirements.getAsJsonObject("turnstile").get("required").getAsBoolean());
            assertFalse(requirements.getAsJsonObject("arkose").get("required").getAsBoolean());
            HttpResponse<String> refused = challengedClient.converse(FakeChatGptClient.body("hi", null, null));
            assertEquals(403, refused.statusCode());
        }
    }
}
