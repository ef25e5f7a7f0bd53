package dev.chatsidecar.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class FakeAnswersTest {
    @Test
    void echoesThePromptAndCountsLaterTurns() {
        assertEquals("You said: hello world", FakeAnswers.answerFor("hello world", 1));
        assertEquals("You said: hello world (turn 3)", FakeAnswers.answerFor("hello world", 3));
    }

    @Test
    void chunksAreWordSizedAndJoinBackExactly() {
        String text = "You said:  two  spaces\nand a newline ";
        List<String> chunks = FakeAnswers.chunks(text);
        assertEquals(List.of("You ", "said:  ", "two  ", "spaces\n", "and ", "a ", "newline "), chunks);
        assertEquals(text, String.join("", chunks));
    }

    @Test
    void chunksTriggerGivesExactlyThatManyChunks() {
        List<String> chunks = FakeAnswers.chunksFor("go [[chunks:7]]", 1);
        assertEquals(7, chunks.size());
        assertEquals("w1 w2 w3 w4 w5 w6 w7", String.join("", chunks));
    }

    @Test
    void slowAnswerHasSixtyChunks() {
        assertEquals(60, FakeAnswers.chunksFor("[[slow]] please", 1).size());
    }

    @Test
    void markdownAnswerHasHeadingListInlineCodeAndPythonFence() {
        String answer = FakeAnswers.answerFor("show [[markdown]]", 1);
        assertTrue(answer.startsWith("# "));
        assertTrue(answer.contains("\n- "));
        assertTrue(answer.contains("`inline_code()`"));
        assertTrue(answer.contains("```python\n"));
        assertTrue(answer.endsWith("```\n"));
        assertEquals(answer, String.join("", FakeAnswers.chunks(answer)));
    }

    @Test
    void htmlAnswerCarriesTheMarkupLiterally() {
        String answer = FakeAnswers.answerFor("[[html]]", 1);
        assertTrue(answer.contains("<script>window.__pwned=1</script>"));
        assertTrue(answer.contains("<img src=x onerror=\"window.__pwned=2\">"));
    }

    @Test
    void partialAnswerIsTheFirstHalfOfTheChunks() {
        assertEquals("w1 w2 w3 ", FakeAnswers.partialAnswerFor("[[chunks:6]] [[cut]]", 1));
        assertEquals("w1", FakeAnswers.partialAnswerFor("[[chunks:1]] [[cut]]", 1));
        assertEquals(1, FakeAnswers.partialChunkCount(3));
    }
}
