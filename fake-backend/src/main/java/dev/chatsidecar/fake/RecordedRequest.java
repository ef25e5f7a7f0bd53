package dev.chatsidecar.fake;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A request as the fake received it, for assertions. Header names are lower case. */
public final class RecordedRequest {
    private final String method;
    private final String path;
    private final Map<String, List<String>> headers;
    private final String body;

    RecordedRequest(String method, String path, Map<String, List<String>> headers, String body) {
        this.method = method;
        this.path = path;
        this.headers = Map.copyOf(headers);
        this.body = body;
    }

    public String method() {
        return method;
    }

    /** The path without the query string. */
    public String path() {
        return path;
    }

    /** All headers, names lower case. */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /** The first value of a header (name case-insensitive), or null. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The body as UTF-8 text ("" when there was none). */
    public String body() {
        return body;
    }

    @Override
    public String toString() {
        return method + " " + path;
    }
}
