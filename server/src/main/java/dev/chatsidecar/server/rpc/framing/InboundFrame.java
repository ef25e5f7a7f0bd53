package dev.chatsidecar.server.rpc.framing;

/**
 * What {@link Framing#read()} found: the body of one message, or a problem with the bytes. A problem
 * is answered with {@code id: null} (the message's id is unknown) and reading goes on.
 *
 * @param body    the message bytes, or {@code null} for a problem
 * @param problem why no body could be read, or {@code null}
 */
public record InboundFrame(byte[] body, Problem problem) {
    /** The two ways a frame can be unusable, named for the JSON-RPC error each gets. */
    public enum Kind {
        /** Broken framing (a bad header, a cut body): -32700. */
        PARSE_ERROR,
        /** A body over the size limit, skipped without being stored: -32600. */
        TOO_LARGE,
        /** No memory to hold the body now; it was skipped: {@code overloaded}, retryable. */
        OVERLOADED
    }

    /** A framing problem: its kind and a message for the client. */
    public record Problem(Kind kind, String message) {
    }

    public static InboundFrame of(byte[] body) {
        return new InboundFrame(body, null);
    }

    public static InboundFrame refused(Kind kind, String message) {
        return new InboundFrame(null, new Problem(kind, message));
    }
}
