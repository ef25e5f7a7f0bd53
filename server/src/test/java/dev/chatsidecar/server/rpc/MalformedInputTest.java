package dev.chatsidecar.server.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.chatsidecar.server.testing.InProcessServer;
import dev.chatsidecar.server.testing.ScriptedBackend;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every malformed frame gets the standard JSON-RPC answer, and the server keeps serving. */
class MalformedInputTest {
    private InProcessServer s;

    @BeforeEach
    void start() {
        s = new InProcessServer(List.of(ScriptedBackend.standard()));
        s.client.initialize(null);
    }

    @AfterEach
    void stop() {
        s.close();
    }

    private JsonObject nextErrorWithNullId() {
        return s.client.awaitFrame(f -> f.has("error") && f.get("id").isJsonNull(), "an error with id null");
    }

    private void assertStillServing() {
        JsonObject models = s.client.response(s.client.request("chat/models", "{}"));
        assertTrue(models.has("result"), "server still answers: " + models);
    }

    @Test
    void invalidJsonGetsParseError() {
        s.client.sendRaw("{\"jsonrpc\":\"2.0\",\"id\":");
        assertEquals(-32700, nextErrorWithNullId().getAsJsonObject("error").get("code").getAsInt());
        assertStillServing();
    }

    @Test
    void jsonArrayGetsInvalidRequest() {
        s.client.sendRaw("[{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"chat/models\"}]");
        assertEquals(-32600, nextErrorWithNullId().getAsJsonObject("error").get("code").getAsInt());
        assertStillServing();
    }

    @Test
    void aRequestWithANullIdIsAnsweredNotDropped() {
        s.client.sendRaw("{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"chat/models\",\"params\":{}}");
        JsonObject error = nextErrorWithNullId().getAsJsonObject("error");
        assertEquals(-32600, error.get("code").getAsInt());
        assertTrue(error.get("message").getAsString().contains("null"), error.toString());
        assertStillServing();
    }

    @Test
    void missingMethodGetsInvalidRequestWithItsId() {
        s.client.sendRaw("{\"jsonrpc\":\"2.0\",\"id\":77}");
        JsonObject error = s.client.response(77);
        assertEquals(-32600, error.getAsJsonObject("error").get("code").getAsInt());
        assertStillServing();
    }

    @Test
    void unknownMethodGetsMethodNotFound() {
        JsonObject error = s.client.response(s.client.request("chat/nonsense", "{}"));
        assertEquals(-32601, error.getAsJsonObject("error").get("code").getAsInt());
        assertStillServing();
    }

    @Test
    void nonObjectParamsGetInvalidParamsWithData() {
        s.client.sendRaw("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"chat/complete\",\"params\":\"hello\"}");
        JsonObject error = s.client.response(5).getAsJsonObject("error");
        assertEquals(-32602, error.get("code").getAsInt());
        assertEquals("invalid_request", error.getAsJsonObject("data").get("type").getAsString());
        assertStillServing();
    }

    @Test
    void wrongTypesInParamsNameTheMember() {
        JsonObject error = s.client.response(s.client.request("chat/complete",
                "{\"messages\":[{\"role\":\"user\",\"content\":42}]}")).getAsJsonObject("error");
        assertEquals(-32602, error.get("code").getAsInt());
        JsonObject data = error.getAsJsonObject("data");
        assertEquals("invalid_request", data.get("type").getAsString());
        assertTrue(data.get("message").getAsString().contains("messages[0].content"), data.toString());
        assertFalse(data.get("retryable").getAsBoolean());
        assertTrue(data.has("hint"));
        assertStillServing();
    }

    @Test
    void badRolesEmptyMessagesAndTrailingAssistantAreRejected() {
        for (String params : List.of("{}", "{\"messages\":[]}",
                "{\"messages\":[{\"role\":\"robot\",\"content\":\"x\"}]}",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"},{\"role\":\"assistant\",\"content\":\"y\"}]}",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"workDoneToken\":true}",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"options\":{\"maxTokens\":-3}}")) {
            JsonObject error = s.client.response(s.client.request("chat/complete", params)).getAsJsonObject("error");
            assertEquals(-32602, error.get("code").getAsInt(), params);
        }
        assertStillServing();
    }

    @Test
    void headerWithoutContentLengthIsAnsweredAndReadingResynchronises() {
        s.client.sendBytes("Content-Type: application/json\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertEquals(-32700, nextErrorWithNullId().getAsJsonObject("error").get("code").getAsInt());
        assertStillServing();
    }

    @Test
    void negativeAndNonNumericContentLengthAreAnswered() {
        s.client.sendBytes("Content-Length: -5\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertEquals(-32700, nextErrorWithNullId().getAsJsonObject("error").get("code").getAsInt());
        s.client.sendBytes("Content-Length: lots\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertEquals(-32700, nextErrorWithNullId().getAsJsonObject("error").get("code").getAsInt());
        assertStillServing();
    }

    @Test
    void hugeContentLengthIsRefusedWithoutReadingItIntoMemory() {
        long huge = 3L * 1024 * 1024 * 1024;
        s.client.sendBytes(("Content-Length: " + huge + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        JsonObject error = nextErrorWithNullId();
        assertEquals(-32600, error.getAsJsonObject("error").get("code").getAsInt());
        assertTrue(error.getAsJsonObject("error").get("message").getAsString().contains("too large"));
    }

    @Test
    void tooShortContentLengthGetsParseErrorAndTheNextFrameStillWorks() {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"chat/models\",\"params\":{}}";
        s.client.sendBytes(("Content-Length: 10\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
        assertEquals(-32700, nextErrorWithNullId().getAsJsonObject("error").get("code").getAsInt());
        assertStillServing();
    }
}
