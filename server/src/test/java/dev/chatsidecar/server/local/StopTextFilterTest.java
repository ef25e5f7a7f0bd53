package dev.chatsidecar.server.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatsidecar.protocol.ChatMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

class StopTextFilterTest {

    @Test
    void passesTextThroughWhenNoStopTextCanStart() {
        StopTextFilter filter = new StopTextFilter(ChatMlPrompt.STOP_TEXTS);
        assertEquals("Once", filter.accept("Once"));
        assertEquals(" upon", filter.accept(" upon"));
        assertFalse(filter.stopped());
        assertEquals("", filter.flush());
    }

    @Test
    void holdsBackAPossibleStartAndCutsAtTheStopText() {
        StopTextFilter filter = new StopTextFilter(ChatMlPrompt.STOP_TEXTS);
        assertEquals("The end.", filter.accept("The end.<"));
        assertEquals("", filter.accept("|im"));
        assertEquals("", filter.accept("_end|>\nmore"));
        assertTrue(filter.stopped());
        assertEquals("", filter.accept("ignored after the stop"));
        assertEquals("", filter.flush());
    }

    @Test
    void releasesHeldTextThatTurnsOutNotToBeAStop() {
        StopTextFilter filter = new StopTextFilter(ChatMlPrompt.STOP_TEXTS);
        assertEquals("a ", filter.accept("a <|"));
        assertEquals("<|x", filter.accept("x"));
        assertEquals("b", filter.accept("b<|im_"));
        assertEquals("<|im_", filter.flush());
        assertFalse(filter.stopped());
    }

    @Test
    void cutsAtTheEarliestOfSeveralStopTexts() {
        StopTextFilter filter = new StopTextFilter(ChatMlPrompt.STOP_TEXTS);
        assertEquals("hi", filter.accept("hi<|im_start|>user<|im_end|>"));
        assertTrue(filter.stopped());
    }

    @Test
    void withoutStopTextsEverythingPasses() {
        StopTextFilter filter = new StopTextFilter(List.of());
        assertEquals("<|im_end|>", filter.accept("<|im_end|>"));
        assertFalse(filter.stopped());
    }

    @Test
    void chatMlRendersEveryRoleAndOpensTheAssistantTurn() {
        String prompt = ChatMlPrompt.render(List.of(new ChatMessage("system", "Be brief."),
                ChatMessage.user("Hi"), new ChatMessage("assistant", "Hello."), ChatMessage.user("Once upon a time")));
        assertEquals("<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n"
                + "<|im_start|>assistant\nHello.<|im_end|>\n<|im_start|>user\nOnce upon a time<|im_end|>\n"
                + "<|im_start|>assistant\n", prompt);
    }
}
