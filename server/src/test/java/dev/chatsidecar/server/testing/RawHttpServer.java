package dev.chatsidecar.server.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A tiny HTTP/1.1 server on a raw socket for what WireMock cannot express: answers that stall,
 * trickle, or are cut mid-stream, and observing that the client closed its connection. Each
 * connection serves one request with a scripted {@link Handler}; the response body runs until the
 * server closes the socket (no length, no chunking).
 */
public final class RawHttpServer implements AutoCloseable {
    /** Answers one request. */
    public interface Handler {
        void handle(Request request, Exchange exchange) throws Exception;
    }

    /** A received request; header names are lower case. */
    public record Request(String method, String path, Map<String, String> headers, String body) {
    }

    private final ServerSocket server;
    private final Handler handler;
    private final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
    private final BlockingQueue<Exchange> exchanges = new LinkedBlockingQueue<>();
    private final Thread acceptor;

    public RawHttpServer(Handler handler) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.handler = handler;
        this.acceptor = new Thread(this::acceptLoop, "raw-http-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** Requests in arrival order. */
    public BlockingQueue<Request> requests() {
        return requests;
    }

    /** Exchanges in arrival order (to observe the client closing). */
    public BlockingQueue<Exchange> exchanges() {
        return exchanges;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread worker = new Thread(() -> serve(socket), "raw-http-conn");
                worker.setDaemon(true);
                worker.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            Request request = readRequest(in);
            if (request == null) {
                return;
            }
            requests.add(request);
            Exchange exchange = new Exchange(socket, in);
            exchanges.add(exchange);
            handler.handle(request, exchange);
        } catch (Exception e) {
            // a client that went away ends the exchange
        }
    }

    private static Request readRequest(InputStream in) throws IOException {
        String requestLine = readLine(in);
        if (requestLine == null || requestLine.isEmpty()) {
            return null;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        String line;
        while ((line = readLine(in)) != null && !line.isEmpty()) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
        String[] parts = requestLine.split(" ");
        return new Request(parts[0], parts[1], headers, body);
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Exchange exchange : exchanges) {
            exchange.socket.close();
        }
    }

    /** The response side of one connection. */
    public static final class Exchange {
        private final Socket socket;
        private final OutputStream out;
        private final CompletableFuture<Void> clientClosed = new CompletableFuture<>();

        Exchange(Socket socket, InputStream in) throws IOException {
            this.socket = socket;
            this.out = socket.getOutputStream();
            Thread watcher = new Thread(() -> {
                try {
                    while (in.read() != -1) {
                        // a client sends nothing more on this connection; drain until it closes
                    }
                } catch (IOException ignored) {
                    // reset by the client counts as closed
                }
                clientClosed.complete(null);
            }, "raw-http-watch");
            watcher.setDaemon(true);
            watcher.start();
        }

        /** Writes the status line and headers; the body then runs until {@link #cut()}. */
        public void head(int status, String... headerLines) throws IOException {
            StringBuilder head = new StringBuilder("HTTP/1.1 ").append(status).append(" X\r\n");
            for (String header : headerLines) {
                head.append(header).append("\r\n");
            }
            head.append("Connection: close\r\n\r\n");
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        /** Writes body text at once. */
        public void write(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        /** Writes raw bytes at once (e.g. one byte of a multi-byte character). */
        public void writeBytes(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }

        /** Ends the response by closing the connection (a cut stream when the body was unfinished). */
        public void cut() throws IOException {
            socket.close();
        }

        /** Completes when the client closed (or reset) the connection. */
        public CompletableFuture<Void> clientClosed() {
            return clientClosed;
        }
    }
}
