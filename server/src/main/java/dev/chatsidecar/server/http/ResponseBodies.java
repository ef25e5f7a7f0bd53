package dev.chatsidecar.server.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

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
     * @throws MalformedBodyException       (also later, from reads) when a body declared gzip is not gzip
     */
    public static InputStream decoded(HttpHeaders headers, InputStream body) throws IOException {
        return gzipped(headers) ? gunzip(body) : body;
    }

    /** The pushed form of {@link #decoded}: {@code receiver} gets the body with its encoding undone. */
    static BodyReceiver decoding(HttpHeaders headers, BodyReceiver receiver) throws UnsupportedEncodingException {
        return gzipped(headers) ? new Gunzip(receiver) : receiver;
    }

    /** Whether the body is gzip; false for identity; anything else was not asked for. */
    private static boolean gzipped(HttpHeaders headers) throws UnsupportedEncodingException {
        String encoding = headers.firstValue("content-encoding").orElse("identity").trim().toLowerCase(Locale.ROOT);
        return switch (encoding) {
            case "", "identity" -> false;
            case "gzip", "x-gzip" -> true;
            default -> throw new UnsupportedEncodingException(encoding);
        };
    }

    /** Gunzips as the bytes arrive; data that is not gzip fails as {@link MalformedBodyException}. */
    private static InputStream gunzip(InputStream body) throws IOException {
        GZIPInputStream gzip;
        try {
            // a small buffer: the stream is read as it arrives, each flushed chunk matters
            gzip = new GZIPInputStream(body, 512);
        } catch (ZipException e) {
            throw new MalformedBodyException(e);
        }
        return new java.io.FilterInputStream(gzip) {
            @Override
            public int read() throws IOException {
                try {
                    return super.read();
                } catch (ZipException e) {
                    throw new MalformedBodyException(e);
                }
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                try {
                    return super.read(b, off, len);
                } catch (ZipException e) {
                    throw new MalformedBodyException(e);
                }
            }
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

    /** A body that does not decode as its {@code content-encoding} says (e.g. "gzip" that is not gzip). */
    public static final class MalformedBodyException extends IOException {
        private static final long serialVersionUID = 1L;

        MalformedBodyException(ZipException cause) {
            super("a body declared gzip that is not valid gzip (" + cause.getMessage() + ")", cause);
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
