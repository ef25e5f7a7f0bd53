package dev.chatsidecar.server.rpc;

/** Where one request's stream goes: {@code $/progress} frames, or the CLI's stdout. */
public interface ProgressSink {
    /** Once, naming the model that answers. */
    void begin(String model);

    /** The next piece of text (only after {@link #begin}). */
    void report(String delta);

    /** The next piece of reasoning text (only after {@link #begin}); sinks that do not show it ignore it. */
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
