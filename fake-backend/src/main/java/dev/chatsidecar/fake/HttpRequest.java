package dev.chatsidecar.fake;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * One parsed HTTP/1.1 request. Header names are lower-cased; the body is the raw bytes
 * (already de-chunked).
 */
final class HttpRequest {
    private final String method;
    private final String path;
    private final String query;
    private final String version;
    private final Map<String, List<String>> headers;
    private final byte[] body;

    HttpRequest(String method, String target, String version, Map<String, List<String>> headers, byte[] body) {
        this.method = method;
        int q = target.indexOf('?');
        this.path = q < 0 ? target : target.substring(0, q);
        this.query = q < 0 ? "" : target.substring(q + 1);
        this.version = version;
        this.headers = Collections.unmodifiableMap(headers);
        this.body = body;
    }

    String method() {
        return method;
    }

    /** The request target without its query string. */
    String path() {
        return path;
    }

    String query() {
        return query;
    }

    String version() {
        return version;
    }

    Map<String, List<String>> headers() {
        return headers;
    }

    /** The first value of a header (name case-insensitive), or null. */
    String header(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    byte[] body() {
        return body;
    }

    String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** Whether the client asked to keep the connection open after this request. */
    boolean wantsKeepAlive() {
        String connection = header("connection");
        if (connection != null && connection.toLowerCase(java.util.Locale.ROOT).contains("close")) {
            return false;
        }
        return !"HTTP/1.0".equals(version)
                || (connection != null && connection.toLowerCase(java.util.Locale.ROOT).contains("keep-alive"));
    }
}
