package dev.chatsidecar.server.chatgpt;

import dev.chatsidecar.server.settings.SettingKey;
import dev.chatsidecar.server.settings.Settings;
import java.net.URI;

/**
 * Where and as whom the backend talks: every URL derives from {@code chatgpt.baseUrl}, so pointing
 * it at a local server redirects every call; the user agent is {@code chatgpt.userAgent}.
 *
 * @param baseUrl         without a trailing slash
 * @param userAgent       sent as {@code user-agent} and in the proof-of-work config
 * @param idleTimeoutMs   the longest wait for response headers or for the next byte of a stream
 * @param answerTimeoutMs the longest an answer may stream ({@code http.answerTimeoutMs}; 0 = no limit)
 * @param powHash         setting {@code chatgpt.powHash} as given ({@code sha3} or {@code fnv})
 * @param powTimeoutMs    the time bound of one proof-of-work search
 */
public record ChatGptEndpoint(String baseUrl, String userAgent, int idleTimeoutMs, int answerTimeoutMs,
                              String powHash, int powTimeoutMs) {
    static final String HOMEPAGE = "/";
    /** The 2024 single requirements call. */
    static final String REQUIREMENTS = "/backend-anon/sentinel/chat-requirements";
    /** The 2025–26 two-call sentinel: first call (challenges, proof-of-work seed). */
    static final String REQUIREMENTS_PREPARE = "/backend-anon/sentinel/chat-requirements/prepare";
    /** The 2025–26 two-call sentinel: second call (the proof, for the token). */
    static final String REQUIREMENTS_FINALIZE = "/backend-anon/sentinel/chat-requirements/finalize";
    /** The 2024 conversation path. */
    static final String CONVERSATION = "/backend-anon/conversation";
    /** The 2025–26 conversation path. */
    static final String F_CONVERSATION = "/backend-anon/f/conversation";
    /** Its prepare call, which hands out the conduit token. */
    static final String F_CONVERSATION_PREPARE = "/backend-anon/f/conversation/prepare";

    public static ChatGptEndpoint from(Settings settings) {
        String base = settings.string(SettingKey.CHATGPT_BASE_URL);
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return new ChatGptEndpoint(base, settings.string(SettingKey.CHATGPT_USER_AGENT),
                settings.integer(SettingKey.HTTP_IDLE_TIMEOUT_MS), settings.integer(SettingKey.HTTP_ANSWER_TIMEOUT_MS),
                settings.string(SettingKey.CHATGPT_POW_HASH), settings.integer(SettingKey.CHATGPT_POW_TIMEOUT_MS));
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

    /**
     * Sessions are shared between requests with the same key. The hash is part of it: a prefetched
     * proof was computed with the hash of its session.
     */
    String sessionKey() {
        return baseUrl + "\n" + userAgent + "\n" + powHash;
    }
}
