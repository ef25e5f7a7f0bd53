package dev.chatsidecar.server.chatgpt;

import dev.chatsidecar.server.http.SseEvent;
import dev.chatsidecar.server.http.SseReader;
import dev.chatsidecar.server.upstream.BackendException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/** Runs bytes through the SSE reader and a decoder, recording every delta. */
final class StreamRun {
    final List<String> deltas = new ArrayList<>();
    final ChatGptStreamDecoder decoder = new ChatGptStreamDecoder("chatgpt.com", deltas::add);

    /** Decodes until [DONE] or the end, then finishes. */
    ChatGptStreamDecoder.Outcome run(InputStream in) throws IOException, BackendException {
        feed(in);
        return decoder.finish();
    }

    /** Decodes until [DONE] or the end, without finishing. */
    void feed(InputStream in) throws IOException, BackendException {
        SseReader reader = new SseReader(in);
        SseEvent event;
        while ((event = reader.next()) != null) {
            if (decoder.accept(event)) {
                break;
            }
        }
    }

    String joined() {
        return String.join("", deltas);
    }
}
