package dev.chatsidecar.server.http;

import java.io.IOException;

/** The event stream broke the format's limits (e.g. a line longer than {@link SseReader#MAX_LINE_BYTES}). */
public final class SseFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public SseFormatException(String message) {
        super(message);
    }
}
