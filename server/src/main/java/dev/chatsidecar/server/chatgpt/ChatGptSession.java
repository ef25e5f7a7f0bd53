package dev.chatsidecar.server.chatgpt;

import dev.chatsidecar.server.log.Log;
import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the home page visit established and later calls reuse: the cookies (kept in a private
 * {@link CookieManager}, because the HTTP client is shared with other backends), the device id
 * ({@code oai-did} cookie, else the sidecar's own), the page's build id, and when it began (for the
 * proof-of-work config and the maximum age). Thread-safe.
 */
public final class ChatGptSession {
    private static final Log LOG = Log.get(ChatGptSession.class);

    private final ChatGptEndpoint endpoint;
    private final Locale locale;
    private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    private final long createdMillis;
    private final String sessionId = java.util.UUID.randomUUID().toString();
    private volatile String deviceId;
    private volatile String buildId;
    private volatile boolean legacySentinel;
    private volatile boolean legacyConversation;

    ChatGptSession(ChatGptEndpoint endpoint, Locale locale, String ownDeviceId, long createdMillis) {
        this.endpoint = endpoint;
        this.locale = locale;
        this.deviceId = ownDeviceId;
        this.createdMillis = createdMillis;
    }

    public ChatGptEndpoint endpoint() {
        return endpoint;
    }

    public Locale locale() {
        return locale;
    }

    /** Sent as {@code oai-device-id}; never logged in full. */
    public String deviceId() {
        return deviceId;
    }

    /** The home page's {@code data-build}, or {@code null}. */
    public String buildId() {
        return buildId;
    }

    void buildId(String value) {
        this.buildId = value;
    }

    /** Sent as {@code oai-session-id}: a UUID of this session. */
    public String sessionId() {
        return sessionId;
    }

    /** Whether the two-call sentinel answered 404 in this session (so the 2024 single call is used). */
    boolean legacySentinel() {
        return legacySentinel;
    }

    void useLegacySentinel() {
        legacySentinel = true;
    }

    /** Whether {@code f/conversation} (or its prepare) answered 404 in this session (so the 2024 path is used). */
    boolean legacyConversation() {
        return legacyConversation;
    }

    void useLegacyConversation() {
        legacyConversation = true;
    }

    /** When the session began (epoch ms). */
    public long createdMillis() {
        return createdMillis;
    }

    boolean olderThan(long maxAgeMillis, long nowMillis) {
        return nowMillis - createdMillis >= maxAgeMillis;
    }

    /**
     * Adds the session's cookies for {@code uri} to a request, as browsers send them
     * ({@code name=value; ...}: the JDK's own header would use the RFC 2965 {@code $Version} form).
     */
    void addCookies(HttpRequest.Builder request, URI uri) {
        String path = uri.getPath() == null || uri.getPath().isEmpty() ? "/" : uri.getPath();
        boolean secure = "https".equalsIgnoreCase(uri.getScheme());
        List<String> pairs = new ArrayList<>();
        for (HttpCookie cookie : cookies.getCookieStore().get(uri)) {
            String cookiePath = cookie.getPath() == null ? "/" : cookie.getPath();
            if ((secure || !cookie.getSecure()) && path.startsWith(cookiePath)) {
                pairs.add(cookie.getName() + "=" + cookie.getValue());
            }
        }
        if (!pairs.isEmpty()) {
            request.header("cookie", String.join("; ", pairs));
        }
    }

    /** Keeps the cookies a response set; adopts the server's {@code oai-did} as device id. */
    void storeCookies(URI uri, HttpHeaders headers) {
        try {
            cookies.put(uri, headers.map());
        } catch (IOException | IllegalArgumentException e) {
            LOG.debug("ignoring unreadable set-cookie: " + e.getMessage());
        }
        for (HttpCookie cookie : cookies.getCookieStore().get(uri)) {
            if (cookie.getName().equals("oai-did") && !cookie.getValue().isBlank()) {
                deviceId = cookie.getValue();
            }
        }
    }

    @Override
    public String toString() {
        return "session for " + endpoint.baseUrl() + " (build " + buildId + ")";
    }
}
