package dev.chatsidecar.protocol;

import java.util.List;

/** Result of {@code chat/complete}. */
public class ChatCompleteResult {
    public String text;
    public String model;
    public String finishReason;
    public ConversationRef conversation;
    public Timings timings;
    public List<Attempt> attempts;
    public Usage usage;
    /** All reasoning ("thinking") text the model streamed apart from the answer; absent when none. */
    public String reasoning;

    /** Milliseconds from the request's arrival to its first delta and to its end. */
    public static class Timings {
        public Long firstTokenMs;
        public long totalMs;

        public Timings() {
        }

        public Timings(Long firstTokenMs, long totalMs) {
            this.firstTokenMs = firstTokenMs;
            this.totalMs = totalMs;
        }
    }

    /** A model that fallback tried and skipped before the one that answered. */
    public static class Attempt {
        public String model;
        public String type;
        public String message;

        public Attempt() {
        }

        public Attempt(String model, String type, String message) {
            this.model = model;
            this.type = type;
            this.message = message;
        }
    }

    /** Token counts, when the backend reports them. */
    public static class Usage {
        public Integer promptTokens;
        public Integer completionTokens;
        public Integer totalTokens;

        public Usage() {
        }

        public Usage(Integer promptTokens, Integer completionTokens, Integer totalTokens) {
            this.promptTokens = promptTokens;
            this.completionTokens = completionTokens;
            this.totalTokens = totalTokens;
        }
    }
}
