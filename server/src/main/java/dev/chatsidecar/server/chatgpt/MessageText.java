package dev.chatsidecar.server.chatgpt;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The text of a turn's messages as they grow. Each message's full text is seen again and again
 * (cumulative legacy events, the delta model after each operation); the new suffix beyond what was
 * already emitted for that message id is emitted — by length, so repeated phrases are not lost — to
 * the answer or, for reasoning messages, to the reasoning. A high surrogate at the end is held back
 * until its pair arrives. Not thread-safe.
 */
final class MessageText {
    private final Consumer<String> answer;
    private final Consumer<String> reasoning;
    private final StringBuilder answerText = new StringBuilder();
    private final StringBuilder reasoningText = new StringBuilder();
    private final Set<String> reasoningIds = new HashSet<>();
    private final Map<String, Integer> emitted = new HashMap<>();
    private final Map<String, String> latest = new HashMap<>();

    MessageText(Consumer<String> answer, Consumer<String> reasoning) {
        this.answer = answer;
        this.reasoning = reasoning;
    }

    /** The full text of message {@code id} now; {@code isReasoning} for an {@code analysis} message. */
    void update(String id, String full, boolean isReasoning) {
        if (isReasoning) {
            reasoningIds.add(id);
        }
        latest.put(id, full);
        int sent = emitted.getOrDefault(id, 0);
        int end = full.length();
        if (end > sent && Character.isHighSurrogate(full.charAt(end - 1))) {
            end--; // never split a surrogate pair across two deltas
        }
        if (end > sent) {
            emitted.put(id, end);
            deliver(id, full.substring(sent, end));
        }
    }

    /** Emits what was held back (a lone high surrogate at the very end). */
    void flush() {
        for (Map.Entry<String, String> entry : latest.entrySet()) {
            int sent = emitted.getOrDefault(entry.getKey(), 0);
            if (entry.getValue().length() > sent) {
                emitted.put(entry.getKey(), entry.getValue().length());
                deliver(entry.getKey(), entry.getValue().substring(sent));
            }
        }
    }

    String answer() {
        return answerText.toString();
    }

    String reasoning() {
        return reasoningText.toString();
    }

    private void deliver(String id, String piece) {
        if (reasoningIds.contains(id)) {
            reasoningText.append(piece);
            reasoning.accept(piece);
        } else {
            answerText.append(piece);
            answer.accept(piece);
        }
    }
}
