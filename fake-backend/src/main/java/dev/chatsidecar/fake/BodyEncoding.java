package dev.chatsidecar.fake;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

/**
 * Content encoding of a response body. Like the real server, the fake compresses (gzip) when the
 * request's {@code Accept-Encoding} allows it, so a client that advertises an encoding it does not
 * decode fails here as it would against chatgpt.com. Stream pieces are sync-flushed so each event
 * can be decoded as soon as it arrives.
 */
abstract class BodyEncoding {
    /** The {@code Content-Encoding} value, or null for identity. */
    abstract String contentEncoding();

    /** Encodes the next piece of the body; the result holds everything needed to decode it. */
    abstract byte[] piece(byte[] bytes);

    /** The bytes that end the encoded body (empty for identity). */
    abstract byte[] end();

    /** Encodes a whole body. */
    byte[] whole(byte[] bytes) {
        byte[] head = piece(bytes);
        byte[] tail = end();
        byte[] all = new byte[head.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }

    /** gzip when enabled and accepted by {@code acceptEncoding}, else identity. */
    static BodyEncoding choose(boolean compression, String acceptEncoding) {
        return compression && acceptsGzip(acceptEncoding) ? new Gzip() : new Identity();
    }

    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String item : acceptEncoding.toLowerCase(Locale.ROOT).split(",")) {
            String[] parts = item.trim().split(";");
            if (parts[0].trim().equals("gzip")) {
                return parts.length < 2 || !parts[1].replace(" ", "").matches("q=0(\\.0*)?");
            }
        }
        return false;
    }

    private static final class Identity extends BodyEncoding {
        @Override
        String contentEncoding() {
            return null;
        }

        @Override
        byte[] piece(byte[] bytes) {
            return bytes;
        }

        @Override
        byte[] end() {
            return new byte[0];
        }
    }

    private static final class Gzip extends BodyEncoding {
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private final GZIPOutputStream gzip;

        Gzip() {
            try {
                gzip = new GZIPOutputStream(buffer, true);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        String contentEncoding() {
            return "gzip";
        }

        @Override
        byte[] piece(byte[] bytes) {
            try {
                gzip.write(bytes);
                gzip.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return drain();
        }

        @Override
        byte[] end() {
            try {
                gzip.finish();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return drain();
        }

        private byte[] drain() {
            byte[] bytes = buffer.toByteArray();
            buffer.reset();
            return bytes;
        }
    }
}
