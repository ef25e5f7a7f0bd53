package dev.chatsidecar.fake;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads HTTP/1.1 requests from a connection: request line, headers, and a body framed by
 * {@code Content-Length} or {@code Transfer-Encoding: chunked}. Answers {@code Expect: 100-continue}.
 */
final class HttpRequestReader {
    private static final int MAX_LINE = 64 * 1024;
    private static final int MAX_BODY = 32 * 1024 * 1024;

    private final InputStream in;
    private final OutputStream out;

    HttpRequestReader(InputStream in, OutputStream out) {
        this.in = in;
        this.out = out;
    }

    /** The next request, or null when the client closed the connection between requests. */
    HttpRequest next() throws IOException {
        String requestLine = readLine(true);
        while (requestLine != null && requestLine.isEmpty()) {
            requestLine = readLine(true); // tolerate stray CRLF between requests
        }
        if (requestLine == null) {
            return null;
        }
        String[] parts = requestLine.split(" ");
        if (parts.length != 3) {
            throw new IOException("malformed request line");
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        String line;
        while (!(line = readLine(false)).isEmpty()) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IOException("malformed header line");
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            headers.computeIfAbsent(name, k -> new ArrayList<>()).add(line.substring(colon + 1).trim());
        }
        String expect = first(headers, "expect");
        if (expect != null && expect.equalsIgnoreCase("100-continue")) {
            out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
        byte[] body = readBody(headers);
        return new HttpRequest(parts[0], parts[1], parts[2], headers, body);
    }

    private byte[] readBody(Map<String, List<String>> headers) throws IOException {
        String transferEncoding = first(headers, "transfer-encoding");
        if (transferEncoding != null && transferEncoding.toLowerCase(Locale.ROOT).contains("chunked")) {
            return readChunked();
        }
        String length = first(headers, "content-length");
        if (length == null) {
            return new byte[0];
        }
        long n = Long.parseLong(length.trim());
        if (n < 0 || n > MAX_BODY) {
            throw new IOException("request body too large");
        }
        return in.readNBytes((int) n);
    }

    private byte[] readChunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine(false);
            int semicolon = sizeLine.indexOf(';');
            int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            if (size == 0) {
                while (!readLine(false).isEmpty()) {
                    // skip trailers
                }
                return body.toByteArray();
            }
            if (body.size() + size > MAX_BODY) {
                throw new IOException("request body too large");
            }
            byte[] chunk = in.readNBytes(size);
            if (chunk.length < size) {
                throw new EOFException("request body cut");
            }
            body.write(chunk);
            readLine(false);
        }
    }

    /** Reads one CRLF- or LF-terminated line as ISO-8859-1; null at EOF only when allowed. */
    private String readLine(boolean eofAllowed) throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (eofAllowed && line.length() == 0) {
                    return null;
                }
                throw new EOFException("connection closed inside a request");
            }
            if (b == '\n') {
                int end = line.length();
                if (end > 0 && line.charAt(end - 1) == '\r') {
                    line.setLength(end - 1);
                }
                return line.toString();
            }
            if (line.length() >= MAX_LINE) {
                throw new IOException("request line too long");
            }
            line.append((char) b);
        }
    }

    private static String first(Map<String, List<String>> headers, String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
