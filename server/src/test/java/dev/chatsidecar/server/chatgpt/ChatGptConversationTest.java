package dev.chatsidecar.server.chatgpt;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatsidecar.protocol.ChatMessage;
import dev.chatsidecar.protocol.ConversationRef;
import dev.chatsidecar.protocol.ErrorType;
import dev.chatsidecar.protocol.GenerationOptions;
import dev.chatsidecar.server.backend.BackendRequest;
import dev.chatsidecar.server.testing.TestSettings;
import dev.chatsidecar.server.upstream.BackendException;
import dev.chatsidecar.server.upstream.CancelSignal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Issue 11: continuing a conversation chatgpt.com no longer has is the user's to fix: start a new chat. */
class ChatGptConversationTest {
    @RegisterExtension
    final ChatGptTestbed bed = new ChatGptTestbed();

    private BackendException followUpFails(int status, String body) {
        bed.fake.homepage().requirements("").stub(post(FakeChatGpt.CONVERSATION).willReturn(aResponse()
                .withStatus(status).withHeader("content-type", "application/json").withBody(body)));
        BackendRequest request = new BackendRequest(List.of(ChatMessage.user("hi"), new ChatMessage("assistant", "a"),
                ChatMessage.user("more")), "auto", new ConversationRef("c-gone", "m-1"), new GenerationOptions(),
                TestSettings.of("chatgpt.baseUrl", bed.fake.baseUrl()));
        return assertThrows(BackendException.class,
                () -> bed.backend(new ChatGptOptions()).complete(request, new RecordingSink(), new CancelSignal()));
    }

    @Test
    void anUnknownConversationIsAnInvalidRequestThatSaysStartANewChat() {
        for (int status : new int[] {404, 400}) {
            BackendException e = followUpFails(status, "{\"detail\":\"Conversation not found\"}");
            assertEquals(ErrorType.INVALID_REQUEST, e.type(), e.getMessage());
            assertTrue(e.getMessage().contains("c-gone"), e.getMessage());
            assertTrue(e.hint().contains("Start a new chat"), e.hint());
            assertTrue(!e.hint().contains("base URL"), e.hint());
        }
    }

    @Test
    void otherRefusalsOfAFollowUpKeepTheirType() {
        assertEquals(ErrorType.BLOCKED, followUpFails(403, "{\"detail\":\"Unusual activity\"}").type());
    }
}
