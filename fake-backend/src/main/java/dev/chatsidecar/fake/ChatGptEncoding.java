package dev.chatsidecar.fake;

import java.util.List;

/**
 * How one ChatGPT answer is written as SSE text. Each method returns whole events
 * ({@link EventStream#format}), so a stream writes them one at a time, with its delay in between.
 */
interface ChatGptEncoding {
    /** Events before the first piece of text. */
    List<String> opening(ChatGptTurn turn);

    /** Events for one more piece; {@code soFar} already includes it; {@code index} counts from 0. */
    List<String> piece(ChatGptTurn turn, String piece, String soFar, int index);

    /** Events that mark the answer finished ({@code finishType} "stop" or "max_tokens"). */
    List<String> finish(ChatGptTurn turn, String soFar, String finishType);

    /** An error event inside the stream. */
    List<String> error(ChatGptTurn turn, String message);

    static ChatGptEncoding of(FakeBackend.Format format) {
        return format == FakeBackend.Format.LEGACY ? new LegacyEncoding() : new DeltaV1Encoding();
    }

    /** The encoding of a server: 2026 mode always streams {@link Delta2026Encoding}. */
    static ChatGptEncoding of(FakeBackend.Options options) {
        return options.mode() == FakeBackend.Mode.Y2026 ? new Delta2026Encoding() : of(options.format());
    }
}
