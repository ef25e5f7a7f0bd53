package dev.chatsidecar.server.acp;

import dev.chatsidecar.server.rpc.framing.Framing;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The ACP server's output: each message framed by the shared {@link Framing} (newline-delimited for
 * ACP), written whole and flushed. Any thread may write; lines never interleave.
 */
final class LineWriter {
    private final Framing framing;
    private final OutputStream out;

    LineWriter(Framing framing, OutputStream out) {
        this.framing = framing;
        this.out = out;
    }

    /** Writes one compact JSON message and flushes. */
    synchronized void writeLine(String json) throws IOException {
        framing.write(out, json.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
