package dev.chatsidecar.fake;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small HTTP/1.1 server on 127.0.0.1 with one thread per connection. Written on a plain
 * {@link ServerSocket} so that streams can be cut, stalled and watched for client aborts at the
 * byte level.
 */
final class FakeHttpServer implements AutoCloseable {
    private final ServerSocket listener;
    private final Route route;
    private final long latencyMs;
    private final boolean compression;
    private final Runnable onClientAbort;
    private final ExecutorService threads;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    FakeHttpServer(int port, Route route, long latencyMs, boolean compression, Runnable onClientAbort)
            throws IOException {
        this.listener = new ServerSocket();
        this.listener.setReuseAddress(true);
        this.listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
        this.route = route;
        this.latencyMs = latencyMs;
        this.compression = compression;
        this.onClientAbort = onClientAbort;
        AtomicInteger count = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-backend-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        threads.execute(this::acceptLoop);
    }

    int port() {
        return listener.getLocalPort();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket socket = listener.accept();
                open.add(socket);
                threads.execute(() -> serve(socket));
            } catch (IOException e) {
                if (!closed) {
                    FakeLog.warn("accept failed: " + e.getMessage());
                }
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = new BufferedOutputStream(socket.getOutputStream());
            HttpRequestReader reader = new HttpRequestReader(in, out);
            while (!closed) {
                HttpRequest request = reader.next();
                if (request == null) {
                    return;
                }
                HttpResponse response = new HttpResponse(socket, in, out, threads, onClientAbort, latencyMs,
                        request.wantsKeepAlive(),
                        BodyEncoding.choose(compression, request.header("accept-encoding")));
                if (!answer(request, response) || response.connectionEnds()) {
                    return;
                }
            }
        } catch (SocketException e) {
            // the client went away or we closed the socket: nothing to report
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                FakeLog.warn("connection failed: " + e);
            }
        } finally {
            open.remove(socket);
        }
    }

    /** Runs the route; returns false when the connection cannot be used any more. */
    private boolean answer(HttpRequest request, HttpResponse response) throws IOException {
        try {
            route.handle(request, response);
        } catch (ClientAbortedException e) {
            return false;
        } catch (RuntimeException e) {
            FakeLog.warn("handler failed for " + request.method() + " " + request.path() + ": " + e);
            if (response.committed()) {
                return false;
            }
            response.sendJson(500, "{\"detail\":\"fake backend bug: " + e.getClass().getSimpleName() + "\"}");
        }
        if (!response.committed()) {
            response.sendJson(500, "{\"detail\":\"fake backend sent no response\"}");
        }
        FakeLog.request(request.method(), request.path(), response.status());
        return true;
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket socket : open) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        threads.shutdownNow();
    }
}
