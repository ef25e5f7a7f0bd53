package dev.chatsidecar.server.chatgpt;

import dev.chatsidecar.server.http.CancellableSend;
import dev.chatsidecar.server.http.ErrorBodies;
import dev.chatsidecar.server.http.ResponseBodies;
import dev.chatsidecar.server.http.TransportErrors;
import dev.chatsidecar.server.log.Log;
import dev.chatsidecar.server.upstream.BackendException;
import dev.chatsidecar.server.upstream.CancelSignal;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stage 1: the session. One {@link ChatGptSession} per base URL and user agent, opened by a visit to
 * the home page and reused by every request until it is older than the maximum age or a call that
 * used it was refused (401/403: {@link #invalidate}). Concurrent requests wait for one visit.
 */
final class SessionPool {
    private static final Log LOG = Log.get(SessionPool.class);
    /** How much of the home page is searched for {@code data-build} (it sits in the {@code <html>} tag). */
    private static final int HOMEPAGE_SCAN_BYTES = 256 * 1024;
    private static final int ERROR_BODY_BYTES = 64 * 1024;
    private static final Pattern BUILD_ID = Pattern.compile("data-build=\"([^\"]{1,200})\"");

    private final DeviceIdStore deviceIds;
    private final Clock clock;
    private final Duration maxAge;
    private final Locale locale;
    private final Map<String, ChatGptSession> sessions = new ConcurrentHashMap<>();
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    SessionPool(DeviceIdStore deviceIds, Clock clock, Duration maxAge, Locale locale) {
        this.deviceIds = deviceIds;
        this.clock = clock;
        this.maxAge = maxAge;
        this.locale = locale;
    }

    /** A session and whether it existed before this call (only a reused one is worth renewing). */
    record Lease(ChatGptSession session, boolean reused) {
    }

    /** The live session for {@code endpoint}, opening one when there is none or it is too old. */
    Lease acquire(ChatGptEndpoint endpoint, HttpClient client, CancelSignal cancel) throws BackendException {
        String key = endpoint.sessionKey();
        ReentrantLock lock = locks.computeIfAbsent(key, k -> new ReentrantLock());
        try {
            while (!lock.tryLock(50, TimeUnit.MILLISECONDS)) {
                cancel.throwIfCancelled();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw BackendException.cancelled();
        }
        try {
            ChatGptSession current = sessions.get(key);
            if (current != null && !current.olderThan(maxAge.toMillis(), clock.millis())) {
                return new Lease(current, true);
            }
            ChatGptSession fresh = open(endpoint, client, cancel);
            sessions.put(key, fresh);
            return new Lease(fresh, false);
        } finally {
            lock.unlock();
        }
    }

    /** Forgets {@code session} (if still current) so the next request opens a new one. */
    void invalidate(ChatGptSession session) {
        if (sessions.remove(session.endpoint().sessionKey(), session)) {
            LOG.info("renewing the chatgpt session for " + session.endpoint().baseUrl());
        }
    }

    void clear() {
        sessions.clear();
    }

    @SuppressWarnings("try") // the registration is held for its scope only
    private ChatGptSession open(ChatGptEndpoint endpoint, HttpClient client, CancelSignal cancel)
            throws BackendException {
        ChatGptSession session = new ChatGptSession(endpoint, locale, deviceIds.deviceId(), clock.millis());
        URI uri = endpoint.uri(ChatGptEndpoint.HOMEPAGE);
        HttpRequest request = ChatGptHeaders.navigation(HttpRequest.newBuilder(uri), session).GET()
                .timeout(Duration.ofMillis(endpoint.idleTimeoutMs())).build();
        HttpResponse<InputStream> response = CancellableSend.send(client, request,
                HttpResponse.BodyHandlers.ofInputStream(), cancel, endpoint.service());
        session.storeCookies(uri, response.headers());
        int status = response.statusCode();
        String text;
        try (CancelSignal.Registration ignored = cancel.onCancel(() -> closeQuietly(response.body()));
             InputStream body = ResponseBodies.decoded(response.headers(), response.body())) {
            text = status >= 400 ? ResponseBodies.readText(body, ERROR_BODY_BYTES) : scanForBuildId(body);
        } catch (IOException e) {
            cancel.throwIfCancelled();
            throw TransportErrors.beforeResponse(endpoint.service(), uri, e);
        }
        cancel.throwIfCancelled();
        if (status >= 400 || ErrorBodies.isCloudflareChallenge(response.headers(), text)) {
            throw ChatGptErrors.forEndpoint(endpoint).fromResponse(status, response.headers(), text);
        }
        Matcher build = BUILD_ID.matcher(text);
        if (build.find()) {
            session.buildId(build.group(1));
        }
        LOG.debug("opened " + session + " (HTTP " + status + ")");
        return session;
    }

    /** Reads the page until the build id shows up (or a bounded amount), as Latin-1: the attribute is ASCII. */
    private static String scanForBuildId(InputStream body) throws IOException {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        int n;
        while (seen.size() < HOMEPAGE_SCAN_BYTES && (n = body.read(buffer)) > 0) {
            seen.write(buffer, 0, n);
            String text = seen.toString(StandardCharsets.ISO_8859_1);
            if (BUILD_ID.matcher(text).find()) {
                return text;
            }
        }
        return seen.toString(StandardCharsets.ISO_8859_1);
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // closing aborts the exchange; nothing else to do
        }
    }
}
