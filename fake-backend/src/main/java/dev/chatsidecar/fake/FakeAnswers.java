package dev.chatsidecar.fake;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The fake's deterministic answers, public so that tests can compute the text they expect.
 *
 * <ul>
 *   <li>Plain prompt P: {@code "You said: P"} on turn 1, {@code "You said: P (turn N)"} later.</li>
 *   <li>{@code [[chunks:N]]}: {@code "w1 w2 ... wN"} (N chunks); {@code [[slow]]} without
 *       {@code [[chunks:N]]}: the same with 60 words.</li>
 *   <li>{@code [[markdown]]}: {@link #MARKDOWN}; {@code [[html]]}: {@link #HTML}.</li>
 * </ul>
 * Answers are streamed in word-sized chunks ({@link #chunks}); their concatenation is exact.
 */
public final class FakeAnswers {
    /** The {@code [[markdown]]} answer: a heading, a list, inline code and a fenced python block. */
    public static final String MARKDOWN = "# Fake answer\n\n"
            + "Here is a list:\n\n"
            + "- first item\n"
            + "- second item with `inline_code()`\n\n"
            + "```python\n"
            + "def greet(name):\n"
            + "    return \"Hello, \" + name\n"
            + "```\n";

    /** The {@code [[html]]} answer: markup that must be shown as text, never run. */
    public static final String HTML = "Careful: <script>window.__pwned=1</script>"
            + "<img src=x onerror=\"window.__pwned=2\"> is only text.";

    private static final Pattern AFTER_WHITESPACE = Pattern.compile("(?<=\\s)(?=\\S)");

    private FakeAnswers() {
    }

    /** The full answer to {@code prompt} (the last user message) on turn {@code turn} (1-based). */
    /** 2026 mode: the reasoning ({@code analysis} channel) streamed before every answer. */
    public static final String REASONING = "Considering the request (fake reasoning).";

    public static String answerFor(String prompt, int turn) {
        Triggers triggers = Triggers.in(prompt);
        if (triggers.chunks > 0) {
            return words(triggers.chunks);
        }
        if (triggers.slow) {
            return words(Triggers.SLOW_CHUNKS);
        }
        if (triggers.markdown) {
            return MARKDOWN;
        }
        if (triggers.html) {
            return HTML;
        }
        return turn <= 1 ? "You said: " + prompt : "You said: " + prompt + " (turn " + turn + ")";
    }

    /** The chunks the answer is streamed in. */
    public static List<String> chunksFor(String prompt, int turn) {
        return chunks(answerFor(prompt, turn));
    }

    /**
     * The text sent before a stream stops early ({@code [[cut]]}, {@code [[stall]]},
     * {@code [[inStreamError]]}): the first {@link #partialChunkCount} chunks.
     */
    public static String partialAnswerFor(String prompt, int turn) {
        List<String> chunks = chunksFor(prompt, turn);
        return String.join("", chunks.subList(0, partialChunkCount(chunks.size())));
    }

    /** How many of {@code total} chunks are sent before an early stop: half, at least one. */
    public static int partialChunkCount(int total) {
        return Math.min(total, Math.max(1, total / 2));
    }

    /**
     * Splits text into word-sized pieces, each word keeping the whitespace that follows it:
     * {@code "You said: hi"} → {@code ["You ", "said: ", "hi"]}. Joining them gives the text back.
     */
    public static List<String> chunks(String text) {
        if (text.isEmpty()) {
            return Collections.singletonList("");
        }
        List<String> pieces = new ArrayList<>();
        for (String piece : AFTER_WHITESPACE.split(text)) {
            if (!piece.isEmpty()) {
                pieces.add(piece);
            }
        }
        return pieces;
    }

    private static String words(int n) {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= n; i++) {
            text.append(i == 1 ? "" : " ").append('w').append(i);
        }
        return text.toString();
    }
}
