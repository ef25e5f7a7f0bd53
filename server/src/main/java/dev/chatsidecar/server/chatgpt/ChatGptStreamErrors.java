package dev.chatsidecar.server.chatgpt;

import com.google.gson.JsonElement;
import dev.chatsidecar.protocol.ErrorType;
import dev.chatsidecar.server.upstream.BackendException;
import dev.chatsidecar.server.http.ErrorBodies;
import java.util.Locale;

/** The errors {@link ChatGptStreamDecoder} ends a stream with, worded for users. */
final class ChatGptStreamErrors {
    private final String service;

    /** @param service how messages name the upstream */
    ChatGptStreamErrors(String service) {
        this.service = service;
    }

    /** A stream that ended (or broke off inside an event) before the answer was complete. */
    BackendException cutOff() {
        return new BackendException(ErrorType.UPSTREAM_ERROR,
                "The answer from " + service + " was cut off: the stream ended before the answer was complete.",
                "Try again; the text received so far is kept.", true);
    }

    /** A {@code stream_handoff}: the answer went to a channel this sidecar does not follow. */
    BackendException handoff() {
        return new BackendException(ErrorType.UPSTREAM_ERROR, service + " moved this answer to another channel "
                + "(stream_handoff), which this sidecar does not follow: the answer did not arrive.",
                "Try again (the service does not hand off every answer); if it keeps happening, use another "
                        + "model or backend.", true);
    }

    /** A stream that ended without any answer text. */
    BackendException noAnswer() {
        return new BackendException(ErrorType.UPSTREAM_ERROR, service + " ended the stream without any answer text.",
                "Try again; if it keeps happening, use another model or backend.", true);
    }

    /** A moderation event with {@code blocked: true}. */
    BackendException moderationBlocked() {
        return new BackendException(ErrorType.BLOCKED, service + "'s moderation blocked this answer.",
                "Rephrase the request, or use another model or backend.", false);
    }

    /** An {@code error} inside the stream: {@code blocked} for "unusual activity", else {@code upstream_error}. */
    BackendException inStream(JsonElement error) {
        String detail = error.isJsonPrimitive() ? error.getAsString()
                : error.isJsonObject() && message(error) != null ? message(error) : error.toString();
        String excerpt = ErrorBodies.excerpt(detail);
        if (!excerpt.endsWith(".") && !excerpt.endsWith("!") && !excerpt.endsWith("?")) {
            excerpt += ".";
        }
        if (detail.toLowerCase(Locale.ROOT).contains("unusual activity")) {
            return new BackendException(ErrorType.BLOCKED, service + " stopped the answer: " + excerpt,
                    "The service flagged unusual activity from this network or device. Wait and try again later or "
                            + "from another network; meanwhile use another model or backend (or set fallback).", true);
        }
        return new BackendException(ErrorType.UPSTREAM_ERROR, service + " reported an error while answering: " + excerpt,
                "Try again; if it keeps failing, use another model or backend.", true);
    }

    /** Data the decoder cannot read: {@code what} the service sent. */
    BackendException protocolError(String what) {
        return new BackendException(ErrorType.PROTOCOL_ERROR, service + " sent " + what + ".",
                "The service's stream format may have changed; update chat-sidecar, and meanwhile use another "
                        + "model or backend.", false);
    }

    private static String message(JsonElement error) {
        JsonElement message = error.getAsJsonObject().get("message");
        return message != null && message.isJsonPrimitive() ? message.getAsString() : null;
    }
}
