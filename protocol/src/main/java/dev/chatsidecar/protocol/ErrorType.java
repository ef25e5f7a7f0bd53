package dev.chatsidecar.protocol;

/**
 * The {@code data.type} values of error responses, each with the one JSON-RPC code it always uses.
 * The JSON-RPC level errors (-32700, -32600, -32601, -32002) carry {@code data.type}
 * {@code invalid_request} with their standard code.
 */
public enum ErrorType {
    INVALID_REQUEST("invalid_request", -32602),
    CHALLENGE_REQUIRED("challenge_required", -32010),
    BLOCKED("blocked", -32011),
    RATE_LIMITED("rate_limited", -32012),
    UNAUTHORIZED("unauthorized", -32013),
    UNREACHABLE("unreachable", -32014),
    UPSTREAM_ERROR("upstream_error", -32015),
    PROTOCOL_ERROR("protocol_error", -32016),
    /** Refused by admission control (too many requests or too many bytes in flight); retryable. */
    OVERLOADED("overloaded", -32017),
    CANCELLED("cancelled", -32800),
    INTERNAL("internal", -32603);

    private final String wireName;
    private final int code;

    ErrorType(String wireName, int code) {
        this.wireName = wireName;
        this.code = code;
    }

    /** The string sent as {@code data.type}. */
    public String wireName() {
        return wireName;
    }

    /** The JSON-RPC error code used for this type. */
    public int code() {
        return code;
    }

    /** Looks up a type by its wire name; {@code null} when unknown. */
    public static ErrorType fromWireName(String name) {
        for (ErrorType type : values()) {
            if (type.wireName.equals(name)) {
                return type;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return wireName;
    }
}
