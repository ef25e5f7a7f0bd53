package dev.chatsidecar.server.openai;

import dev.chatsidecar.server.Version;
import dev.chatsidecar.server.settings.SettingKey;
import dev.chatsidecar.server.settings.Settings;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;

/**
 * Where and how to reach the OpenAI-compatible server: {@code openai.baseUrl}, the optional
 * {@code openai.apiKey} (sent as a bearer token, never logged: {@link #toString()} omits it) and the
 * optional fixed model list {@code openai.models}. Equal values share a model-list cache entry.
 *
 * @param baseUrl       e.g. {@code https://api.openai.com/v1} or {@code http://127.0.0.1:11434/v1}, no trailing slash
 * @param apiKey        the key, or {@code null}: requests then go without {@code Authorization}
 * @param models        models named by {@code openai.models} (upstream names), empty when unset
 * @param explicitModels whether {@code openai.models} was set (then nothing is fetched)
 * @param idleTimeoutMs {@code http.idleTimeoutMs}
 * @param answerTimeoutMs {@code http.answerTimeoutMs} (0 = no limit)
 */
public record OpenAiEndpoint(String baseUrl, String apiKey, List<String> models, boolean explicitModels,
                             int idleTimeoutMs, int answerTimeoutMs) {

    static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";

    public static OpenAiEndpoint from(Settings settings) {
        String base = settings.string(SettingKey.OPENAI_BASE_URL);
        if (base == null || base.isBlank()) {
            base = DEFAULT_BASE_URL;
        }
        base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        String key = settings.string(SettingKey.OPENAI_API_KEY);
        return new OpenAiEndpoint(base, key == null || key.isBlank() ? null : key.trim(),
                List.copyOf(settings.list(SettingKey.OPENAI_MODELS)), settings.isSet(SettingKey.OPENAI_MODELS),
                settings.integer(SettingKey.HTTP_IDLE_TIMEOUT_MS), settings.integer(SettingKey.HTTP_ANSWER_TIMEOUT_MS));
    }

    /**
     * Whether there is anything to talk to: OpenAI's own API is useless without a key, so the default
     * base URL without a key (and without a model list) counts as "not configured" and is never called.
     */
    public boolean configured() {
        return apiKey != null || explicitModels || !baseUrl.equals(DEFAULT_BASE_URL);
    }

    /** {@code baseUrl + path}, e.g. {@code /chat/completions}. */
    public URI uri(String path) {
        return URI.create(baseUrl + path);
    }

    /** How messages name this server, without credentials or paths. */
    public String service() {
        URI uri = URI.create(baseUrl);
        String host = uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
        return "api.openai.com".equals(uri.getHost()) ? "the OpenAI API (api.openai.com)"
                : "the OpenAI-compatible server at " + host;
    }

    /** Adds the headers every call carries: bearer token (when a key is set) and user agent. */
    HttpRequest.Builder headers(HttpRequest.Builder builder) {
        builder.header("User-Agent", "chat-sidecar/" + Version.get());
        if (apiKey != null) {
            builder.header("Authorization", "Bearer " + apiKey);
        }
        return builder;
    }

    /** Replaces any occurrence of the API key in {@code text} (e.g. echoed back in an error body). */
    String scrub(String text) {
        if (text == null || apiKey == null || apiKey.length() < 4) {
            return text;
        }
        return text.replace(apiKey, "***");
    }

    @Override
    public String toString() {
        return "OpenAiEndpoint[" + baseUrl + (apiKey == null ? ", no key" : ", key set") + "]";
    }
}
