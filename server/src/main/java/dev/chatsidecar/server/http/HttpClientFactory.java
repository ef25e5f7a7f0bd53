package dev.chatsidecar.server.http;

import dev.chatsidecar.protocol.ErrorType;
import dev.chatsidecar.server.log.Log;
import dev.chatsidecar.server.settings.Settings;
import dev.chatsidecar.server.upstream.BackendException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * Builds JDK {@link HttpClient}s from the network settings ({@code http.proxy}, {@code http.noProxy},
 * {@code tls.caFile}, {@code http.connectTimeoutMs}) and caches one per distinct {@link NetworkSettings},
 * so that connections are pooled across requests and a settings change takes effect on the next call.
 *
 * <p>Clients speak HTTP/1.1 (one connection per exchange, so closing a response stream aborts exactly
 * that exchange), never follow redirects (a redirect must not carry a request to another host), and
 * always verify TLS certificates. Thread-safe.
 */
public final class HttpClientFactory {
    private static final Log LOG = Log.get(HttpClientFactory.class);
    private static final int MAX_CACHED = 8;
    private static final HttpClientFactory SHARED = new HttpClientFactory();
    /**
     * The clients' executor runs each task on the thread that hands it over, in practice the client's
     * own selector thread: a body's bytes go from the socket read straight to their consumer instead
     * of waking a pooled worker thread for every read. An answer's event stream ({@link StreamedBody})
     * is decoded right there and its frame written to stdout when no other thread is writing, so a
     * streamed piece costs one thread wake-up (docs/benchmarks.md measures it). Nothing else the client
     * runs for us blocks: other bodies are read through {@code BodyHandlers.ofInputStream()} (a queue
     * the caller's thread drains), {@link HeadersGate} waits only while an abort runs on another
     * thread, and the one wait that remains — a write to a client that stopped reading — holds back
     * this client's other exchanges (TCP flow control bounds their memory), never the reading of stdin;
     * their idle limits wait with it ({@link StreamedBody#silenceExcusedUntil}).
     */
    private static final Executor ON_HANDING_THREAD = Runnable::run;

    private final Map<NetworkSettings, HttpClient> cache = new LinkedHashMap<>(16, 0.75f, true);

    /** The process-wide factory (backends share connection pools through it). */
    public static HttpClientFactory shared() {
        return SHARED;
    }

    /** The client for {@code settings}. */
    public HttpClient client(Settings settings) throws BackendException {
        return client(NetworkSettings.from(settings));
    }

    /**
     * The client for {@code network}, built on first use. Building (which reads {@code tls.caFile})
     * runs outside the factory's lock, so a slow or bad CA file delays only the requests that need
     * that client, never the others; two threads may then build the same client, and the first one
     * stored wins.
     *
     * @throws BackendException type {@code unreachable} when {@code tls.caFile} cannot be used (the
     *                          message names the setting, the file and the problem)
     */
    public HttpClient client(NetworkSettings network) throws BackendException {
        synchronized (this) {
            HttpClient cached = cache.get(network);
            if (cached != null) {
                return cached;
            }
        }
        HttpClient built = build(network);
        synchronized (this) {
            HttpClient raced = cache.putIfAbsent(network, built);
            if (cache.size() > MAX_CACHED) {
                cache.remove(cache.keySet().iterator().next());
            }
            return raced != null ? raced : built;
        }
    }

    private static HttpClient build(NetworkSettings network) throws BackendException {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofMillis(network.connectTimeoutMs()))
                .executor(ON_HANDING_THREAD);
        if (network.proxy() != null) {
            NoProxySelector selector = NoProxySelector.forUrl(network.proxy(), network.noProxy());
            builder.proxy(selector);
            LOG.debug("HTTP through " + selector);
        }
        if (network.caFile() != null) {
            try {
                builder.sslContext(CaBundleTrust.sslContext(Path.of(network.caFile())));
            } catch (CaBundleTrust.InvalidCaFileException e) {
                throw new BackendException(ErrorType.UNREACHABLE, "Cannot use the configured CA file: " + e.getMessage(),
                        "Point tls.caFile (CHAT_SIDECAR_CA_FILE) at a readable PEM file with your proxy's or "
                                + "organisation's root certificate, or unset it to use the JVM's trust store.",
                        false, null, null, e);
            }
        }
        return builder.build();
    }
}
