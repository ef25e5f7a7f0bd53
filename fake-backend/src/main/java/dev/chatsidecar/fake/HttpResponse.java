package dev.chatsidecar.fake;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;

/**
 * Writes the answer to one request on its connection: either one fixed-length response or an
 * event stream ({@link EventStream}). Waits the configured latency before the status line.
 */
final class HttpResponse {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final Executor watchers;
    private final Runnable onClientAbort;
    private final long latencyMs;
    private final boolean keepAlive;
    private final BodyEncoding encoding;
    private int status;
    private boolean connectionEnds;

    HttpResponse(Socket socket, InputStream in, OutputStream out, Executor watchers, Runnable onClientAbort,
            long latencyMs, boolean keepAlive, BodyEncoding encoding) {
        this.socket = socket;
        this.in = in;
        this.out = out;
        this.watchers = watchers;
        this.onClientAbort = onClientAbort;
        this.latencyMs = latencyMs;
        this.keepAlive = keepAlive;
        this.encoding = encoding;
    }

    /** The status sent, or 0 while nothing was sent. */
    int status() {
        return status;
    }

    boolean committed() {
        return status != 0;
    }

    /** Whether the connection must be closed after this response. */
    boolean connectionEnds() {
        return connectionEnds || !keepAlive;
    }

    void sendJson(int status, String json, String... headerPairs) throws IOException {
        send(status, "application/json", json.getBytes(StandardCharsets.UTF_8), headerPairs);
    }

    void sendHtml(int status, String html, String... headerPairs) throws IOException {
        send(status, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8), headerPairs);
    }

    /**
     * Sends a complete response. {@code headerPairs} alternate name, value (names may repeat,
     * e.g. Set-Cookie).
     */
    void send(int status, String contentType, byte[] body, String... headerPairs) throws IOException {
        StringBuilder head = statusAndHeaders(status, contentType, headerPairs);
        if (body.length > 0) {
            body = encoding.whole(body);
            contentEncoding(head);
        }
        head.append("Content-Length: ").append(body.length).append("\r\n");
        head.append("Connection: ").append(keepAlive ? "keep-alive" : "close").append("\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    /**
     * Starts a chunked {@code text/event-stream} response. The connection closes when the stream
     * ends, which lets the stream notice at once when the client goes away.
     */
    EventStream startEventStream(int status, long eventDelayMs, String... headerPairs) throws IOException {
        StringBuilder head = statusAndHeaders(status, "text/event-stream; charset=utf-8", headerPairs);
        head.append("Cache-Control: no-cache\r\n");
        contentEncoding(head);
        head.append("Transfer-Encoding: chunked\r\n");
        head.append("Connection: close\r\n\r\n");
        connectionEnds = true;
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return new EventStream(socket, in, out, encoding, watchers, onClientAbort, eventDelayMs);
    }

    private StringBuilder statusAndHeaders(int status, String contentType, String... headerPairs) throws IOException {
        if (committed()) {
            throw new IllegalStateException("response already sent");
        }
        if (headerPairs.length % 2 != 0) {
            throw new IllegalArgumentException("header pairs must come in name, value pairs");
        }
        waitLatency();
        this.status = status;
        StringBuilder head = new StringBuilder();
        head.append("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n");
        head.append("Content-Type: ").append(contentType).append("\r\n");
        head.append("Server: chat-sidecar-fake\r\n");
        for (int i = 0; i < headerPairs.length; i += 2) {
            head.append(headerPairs[i]).append(": ").append(headerPairs[i + 1]).append("\r\n");
        }
        return head;
    }

    private void contentEncoding(StringBuilder head) {
        if (encoding.contentEncoding() != null) {
            head.append("Content-Encoding: ").append(encoding.contentEncoding()).append("\r\n");
            head.append("Vary: Accept-Encoding\r\n");
        }
    }

    private void waitLatency() throws IOException {
        if (latencyMs <= 0) {
            return;
        }
        try {
            Thread.sleep(latencyMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while delaying the response", e);
        }
    }

    static String reason(int status) {
        switch (status) {
            case 200: return "OK";
            case 400: return "Bad Request";
            case 401: return "Unauthorized";
            case 403: return "Forbidden";
            case 404: return "Not Found";
            case 405: return "Method Not Allowed";
            case 422: return "Unprocessable Entity";
            case 429: return "Too Many Requests";
            case 500: return "Internal Server Error";
            case 502: return "Bad Gateway";
            case 503: return "Service Unavailable";
            default: return "Status " + status;
        }
    }
}
