package dev.chatsidecar.bench.driver;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay between the sidecar and the fake backend that notes when each answer piece reached
 * the sidecar. The fake's {@code [[chunks:N]]} answers are the pieces {@code w1 w2 … wN}; every
 * time the relay has written upstream bytes to the sidecar's socket it stamps the pieces those bytes
 * completed with {@link System#nanoTime()}. The frame reader of {@link JsonRpcChild} stamps frames
 * with the same clock (same process), so frame arrival − piece stamp is the latency the sidecar
 * added: upstream bytes in → frame out on stdout (plus one pipe hop to this process). Needs an
 * uncompressed stream ({@code --no-compression}) to see the text.
 */
public final class UpstreamTap implements AutoCloseable {
    private final ServerSocket server;
    private final int upstreamPort;
    private final Map<Integer, Long> pieceNanos = new ConcurrentHashMap<>();

    public UpstreamTap(int upstreamPort) throws IOException {
        this.upstreamPort = upstreamPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        JsonRpcChild.daemon("tap-accept", this::acceptLoop);
    }

    /** {@code http://127.0.0.1:PORT} of the relay. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** When piece {@code wN} reached the sidecar, or {@code null}. */
    public Long pieceNanos(int n) {
        return pieceNanos.get(n);
    }

    public void clear() {
        pieceNanos.clear();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                client.setTcpNoDelay(true);
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
                upstream.setTcpNoDelay(true);
                JsonRpcChild.daemon("tap-up", () -> pump(client, upstream, false));
                JsonRpcChild.daemon("tap-down", () -> pump(upstream, client, true));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to, boolean stamp) {
        PieceScanner scanner = stamp ? new PieceScanner() : null;
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            byte[] buffer = new byte[16 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
                out.flush();
                if (scanner != null) {
                    long now = System.nanoTime();
                    scanner.feed(new String(buffer, 0, n, StandardCharsets.ISO_8859_1), piece -> pieceNanos.putIfAbsent(piece, now));
                }
            }
        } catch (IOException ignored) {
            // either side closed: the relay of this connection ends
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    /** Finds {@code w<digits>} followed by a non-digit across reads (a piece split between reads is kept). */
    static final class PieceScanner {
        private String carry = "";

        void feed(String chunk, java.util.function.IntConsumer piece) {
            String text = carry + chunk;
            int i = 0;
            int keepFrom = Math.max(0, text.length() - 12);
            while (i < text.length()) {
                char c = text.charAt(i);
                boolean wordStart = c == 'w' && (i == 0 || !Character.isLetterOrDigit(text.charAt(i - 1)));
                if (wordStart) {
                    int j = i + 1;
                    while (j < text.length() && Character.isDigit(text.charAt(j))) {
                        j++;
                    }
                    if (j == text.length()) {
                        keepFrom = Math.min(keepFrom, i); // may continue in the next read
                        break;
                    }
                    if (j > i + 1) {
                        piece.accept(Integer.parseInt(text.substring(i + 1, j)));
                    }
                    i = j;
                } else {
                    i++;
                }
            }
            carry = text.substring(Math.max(keepFrom, Math.min(i, text.length())));
            if (carry.length() > 64) {
                carry = carry.substring(carry.length() - 64);
            }
        }
    }
}
