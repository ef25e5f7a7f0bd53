package dev.chatsidecar.server.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatsidecar.protocol.ErrorType;
import dev.chatsidecar.server.testing.TestSettings;
import dev.chatsidecar.server.upstream.BackendException;
import org.junit.jupiter.api.Test;

/** Chunk decoding details that the replayed streams do not all exercise. */
class ChatCompletionStreamTest {
    private final OpenAiEndpoint endpoint = OpenAiEndpoint.from(TestSettings.of("openai.baseUrl", "http://127.0.0.1:9/v1",
            "openai.apiKey", "k-0123456789"));
    private final ChatCompletionStream stream = new ChatCompletionStream(new OpenAiErrors(endpoint), endpoint.service());

    @Test
    void onlyTheFirstChoiceIsText() throws Exception {
        assertEquals("a", stream.accept("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"}},"
                + "{\"index\":1,\"delta\":{\"content\":\"b\"},\"finish_reason\":\"length\"}]}"));
        assertNull(stream.finishReason(), "the other choice's finish reason is not ours");
    }

    @Test
    void anIndexThatIsNotANumberIsNotTheFirstChoiceAndNotACrash() throws Exception {
        assertEquals("", stream.accept("{\"choices\":[{\"index\":\"0l\",\"delta\":{\"content\":\"b\"}}]}"));
        assertEquals("a", stream.accept("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"}}]}"));
    }

    @Test
    void reasoningContentAndNullContentAreNotText() throws Exception {
        assertEquals("", stream.accept("{\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"hmm\","
                + "\"content\":null}}]}"));
        assertFalse(stream.complete());
    }

    @Test
    void aNullUsageDoesNotEraseTheUsageChunk() throws Exception {
        stream.accept("{\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":4,\"total_tokens\":7}}");
        stream.accept("{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],\"usage\":null}");
        assertEquals(7, stream.usage().totalTokens);
        assertEquals("stop", stream.finishReason());
        assertTrue(stream.complete());
    }

    @Test
    void doneEndsAndBlankDataIsIgnored() throws Exception {
        assertEquals("", stream.accept("   "));
        assertFalse(stream.done());
        assertEquals("", stream.accept(" [DONE] "));
        assertTrue(stream.done());
    }

    @Test
    void anErrorChunkNeverEchoesTheKey() {
        BackendException e = assertThrows(BackendException.class,
                () -> stream.accept("{\"error\":{\"message\":\"invalid key k-0123456789\"}}"));
        assertEquals(ErrorType.UPSTREAM_ERROR, e.type());
        assertEquals("the OpenAI-compatible server at 127.0.0.1:9 reported an error while answering: invalid key ***",
                e.getMessage());
    }

    @Test
    void aChunkWithoutChoicesOrUsageIsNotUnderstood() {
        BackendException e = assertThrows(BackendException.class, () -> stream.accept("{\"object\":\"ping\"}"));
        assertEquals(ErrorType.PROTOCOL_ERROR, e.type());
    }
}
