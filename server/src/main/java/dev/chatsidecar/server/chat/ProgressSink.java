package dev.chatsidecar.server.chat;

/** Where one request's stream goes: {@code $/progress} frames, or the CLI's stdout. */
public interface ProgressSink {
    /** Once, naming the model that answers. */
    void begin(String model);

    /** The next piece of text (only after {@link #begin}). */
    void report(String delta);

    /** The next piece of reasoning, not part of the text (only after {@link #begin}); ignored by default. */
    default void reasoning(String text) {
    }

    /** Once, last. */
    void end(String finishReason);

    /** A sink that drops everything (non-streamed requests). */
    ProgressSink NONE = new ProgressSink() {
        @Override
        public void begin(String model) {
        }

        @Override
        public void report(String delta) {
        }

        @Override
        public void end(String finishReason) {
        }
    };
}
