package dev.chatsidecar.server.settings;

import java.util.List;

/** Every setting the sidecar knows: its dotted key, environment variables, kind and default. */
public enum SettingKey {
    CHATGPT_BASE_URL("chatgpt.baseUrl", Kind.URL, "https://chatgpt.com", "CHAT_SIDECAR_CHATGPT_BASE_URL"),
    CHATGPT_USER_AGENT("chatgpt.userAgent", Kind.HEADER,
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                    + "Chrome/142.0.0.0 Safari/537.36", "CHAT_SIDECAR_USER_AGENT"),
    /** The proof-of-work hash: {@code sha3} (2024 form) or {@code fnv} (2025–26 form). */
    CHATGPT_POW_HASH("chatgpt.powHash", Kind.STRING, "sha3", "CHAT_SIDECAR_POW_HASH"),
    /** The longest one proof-of-work search may take. */
    CHATGPT_POW_TIMEOUT_MS("chatgpt.powTimeoutMs", Kind.POSITIVE_INT, "15000", "CHAT_SIDECAR_POW_TIMEOUT_MS"),
    DEFAULT_MODEL("defaultModel", Kind.STRING, "auto", "CHAT_SIDECAR_DEFAULT_MODEL"),
    HTTP_PROXY("http.proxy", Kind.URL, null, "HTTPS_PROXY", "https_proxy"),
    HTTP_NO_PROXY("http.noProxy", Kind.LIST, null, "NO_PROXY", "no_proxy"),
    TLS_CA_FILE("tls.caFile", Kind.STRING, null, "CHAT_SIDECAR_CA_FILE"),
    HTTP_CONNECT_TIMEOUT_MS("http.connectTimeoutMs", Kind.POSITIVE_INT, "10000", "CHAT_SIDECAR_CONNECT_TIMEOUT_MS"),
    HTTP_IDLE_TIMEOUT_MS("http.idleTimeoutMs", Kind.POSITIVE_INT, "60000", "CHAT_SIDECAR_IDLE_TIMEOUT_MS"),
    /** The longest an HTTP answer may stream, from its response headers to its end; 0 = no limit. */
    HTTP_ANSWER_TIMEOUT_MS("http.answerTimeoutMs", Kind.NON_NEGATIVE_INT, "600000", "CHAT_SIDECAR_ANSWER_TIMEOUT_MS"),
    OPENAI_BASE_URL("openai.baseUrl", Kind.URL, "https://api.openai.com/v1", "OPENAI_BASE_URL"),
    OPENAI_API_KEY("openai.apiKey", Kind.SECRET, null, "OPENAI_API_KEY"),
    OPENAI_MODELS("openai.models", Kind.LIST, null),
    LOCAL_MODEL_PATH("local.modelPath", Kind.STRING, null, "CHAT_SIDECAR_LOCAL_MODEL"),
    LOCAL_MAX_TOKENS("local.maxTokens", Kind.POSITIVE_INT, "512"),
    LOCAL_THREADS("local.threads", Kind.POSITIVE_INT, "1"),
    /** Context length in tokens; unset means the model file's own, at most 4096. */
    LOCAL_CONTEXT_SIZE("local.contextSize", Kind.POSITIVE_INT, null),
    FALLBACK("fallback", Kind.LIST, null, "CHAT_SIDECAR_FALLBACK"),
    LOG_LEVEL("log.level", Kind.STRING, "info", "CHAT_SIDECAR_LOG"),
    LOG_FILE("log.file", Kind.STRING, null, "CHAT_SIDECAR_LOG_FILE"),
    /** Requests run at once; more wait in order (docs/protocol.md, "Limits"). */
    LIMITS_WORKER_THREADS("limits.workerThreads", Kind.POSITIVE_INT, "128", "CHAT_SIDECAR_WORKER_THREADS"),
    /** Requests received and not yet answered (running or waiting); more are refused as {@code overloaded}. */
    LIMITS_MAX_REQUESTS_IN_FLIGHT("limits.maxRequestsInFlight", Kind.POSITIVE_INT, "256",
            "CHAT_SIDECAR_MAX_REQUESTS_IN_FLIGHT"),
    /** Bytes of request frames received and not yet answered; unset means an eighth of the maximum heap. */
    LIMITS_MAX_REQUEST_BYTES_IN_FLIGHT("limits.maxRequestBytesInFlight", Kind.POSITIVE_INT, null,
            "CHAT_SIDECAR_MAX_REQUEST_BYTES_IN_FLIGHT");

    /**
     * How a value is read and checked. {@code HEADER} and {@code SECRET} values are sent in HTTP
     * headers (a user agent, a bearer token) and {@code URL}s in request lines and headers, so all
     * three are refused when they hold a character a header cannot carry (see {@code HeaderText}).
     */
    public enum Kind {
        /** Free text (a path, a model id, a level name). */
        STRING,
        /** An {@code http://} or {@code https://} URL with a host, printable ASCII only. */
        URL,
        /** A whole number above zero. */
        POSITIVE_INT,
        /** A whole number, zero or more (zero typically meaning "off"). */
        NON_NEGATIVE_INT,
        /** A list of strings (a JSON array, or one comma-separated string). */
        LIST,
        /** A credential sent in an HTTP header: printable ASCII without spaces; never logged or echoed. */
        SECRET,
        /** Text sent in an HTTP header: printable ASCII, spaces and tabs allowed. */
        HEADER
    }

    private final String key;
    private final Kind kind;
    private final String defaultValue;
    private final List<String> envNames;

    SettingKey(String key, Kind kind, String defaultValue, String... envNames) {
        this.key = key;
        this.kind = kind;
        this.defaultValue = defaultValue;
        this.envNames = List.of(envNames);
    }

    public String key() {
        return key;
    }

    public Kind kind() {
        return kind;
    }

    /** The default as text (lists comma-separated), or {@code null}. */
    public String defaultValue() {
        return defaultValue;
    }

    public List<String> envNames() {
        return envNames;
    }

    /** The key for a dotted name, or {@code null} when unknown. */
    public static SettingKey byKey(String key) {
        for (SettingKey k : values()) {
            if (k.key.equals(key)) {
                return k;
            }
        }
        return null;
    }
}
