package dev.chatsidecar.server.http;

import dev.chatsidecar.server.settings.SettingKey;
import dev.chatsidecar.server.settings.Settings;
import java.util.List;

/**
 * The settings that shape an HTTP client: proxy, proxy exceptions, extra CA bundle and connect
 * timeout. Two equal values can share one client, which is why this is the cache key of
 * {@link HttpClientFactory}.
 *
 * @param proxy            {@code http://host:port} of an HTTP (CONNECT) proxy, or {@code null}
 * @param noProxy          hosts that bypass the proxy (see {@link NoProxySelector})
 * @param caFile           a PEM bundle trusted in addition to the JVM's trust store, or {@code null}
 * @param connectTimeoutMs TCP/TLS connect timeout
 */
public record NetworkSettings(String proxy, List<String> noProxy, String caFile, int connectTimeoutMs) {

    public NetworkSettings {
        noProxy = List.copyOf(noProxy);
        proxy = blankToNull(proxy);
        caFile = blankToNull(caFile);
    }

    /** The network part of {@code settings}. */
    public static NetworkSettings from(Settings settings) {
        return new NetworkSettings(settings.string(SettingKey.HTTP_PROXY), settings.list(SettingKey.HTTP_NO_PROXY),
                settings.string(SettingKey.TLS_CA_FILE), settings.integer(SettingKey.HTTP_CONNECT_TIMEOUT_MS));
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }
}
