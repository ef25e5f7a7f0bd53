package dev.chatsidecar.server.chatgpt;

import dev.chatsidecar.server.settings.SettingKey;
import dev.chatsidecar.server.settings.Settings;
import java.net.URI;

/**
 * Where and as whom the backend talks: every URL derives from {@code chatgpt.baseUrl}, so pointing
 * it at a local server redirects every call; the user agent is {@code chatgpt.userAgent}.
 *
 * @param baseUrl       without a trailing slash
 * @param userAgent     sent as {@code user-agent} and in the proof-of-work config
 * @param idleTimeoutMs the longest wait for response headers or for the next byte of a stream
 */
public record ChatGptEndpoint(String baseUrl, String userAgent, int idleTimeoutMs) {
    static final String HOMEPAGE = "/";
    static final String REQUIREMENTS = "/backend-anon/sentinel/chat-requirements";
    static final String CONVERSATION = "/backend-anon/conversation";

    public static ChatGptEndpoint from(Settings settings) {
        String base = settings.string(SettingKey.CHATGPT_BASE_URL);
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return new ChatGptEndpoint(base, settings.string(SettingKey.CHATGPT_USER_AGENT),
                settings.integer(SettingKey.HTTP_IDLE_TIMEOUT_MS));
    }

    /** {@code baseUrl + path}. */
    public URI uri(String path) {
        return URI.create(baseUrl + path);
    }

    /** The {@code origin} header: scheme, host and port of the base URL. */
    public String origin() {
        URI base = URI.create(baseUrl);
        return base.getScheme() + "://" + base.getRawAuthority();
    }

    /** The {@code referer} header: the home page. */
    public String referer() {
        return baseUrl + "/";
    }

    /** How messages name the upstream: its host ({@code chatgpt.com}). */
    public String service() {
        String host = URI.create(baseUrl).getHost();
        return host == null ? baseUrl : host;
    }

    /** Sessions are shared between requests with the same key. */
    String sessionKey() {
        return baseUrl + "\n" + userAgent;
    }
}
