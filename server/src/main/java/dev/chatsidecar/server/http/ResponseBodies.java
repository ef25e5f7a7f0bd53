package dev.chatsidecar.server.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * Decoding and bounded reading of response bodies. The JDK client does not decompress, so a request
 * advertises {@link #ACCEPT_ENCODING} (only what {@link #decoded} can undo).
 */
public final class ResponseBodies {
    /** The value to send as {@code accept-encoding}: exactly the encodings {@link #decoded} understands. */
    public static final String ACCEPT_ENCODING = "gzip";

    private ResponseBodies() {
    }

    /**
     * The body with its {@code content-encoding} undone.
     *
     * @throws UnsupportedEncodingException when the server used an encoding that was not asked for
     */
    public static InputStream decoded(HttpHeaders headers, InputStream body) throws IOException {
        String encoding = headers.firstValue("content-encoding").orElse("identity").trim().toLowerCase(Locale.ROOT);
        return switch (encoding) {
            case "", "identity" -> body;
            // a small buffer: the stream is read as it arrives, each flushed chunk matters
            case "gzip", "x-gzip" -> new GZIPInputStream(body, 512);
            default -> throw new UnsupportedEncodingException(encoding);
        };
    }

    /** Reads at most {@code max} bytes as UTF-8 (the rest is dropped) and closes the stream. */
    public static String readText(InputStream in, int max) throws IOException {
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            while (out.size() < max && (n = in.read(buffer, 0, Math.min(buffer.length, max - out.size()))) > 0) {
                out.write(buffer, 0, n);
            }
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    /** The server answered with a {@code content-encoding} this client did not ask for. */
    public static final class UnsupportedEncodingException extends IOException {
        private static final long serialVersionUID = 1L;
        private final String encoding;

        UnsupportedEncodingException(String encoding) {
            super("unsupported content-encoding \"" + encoding + "\"");
            this.encoding = encoding;
        }

        public String encoding() {
            return encoding;
        }
    }
}
