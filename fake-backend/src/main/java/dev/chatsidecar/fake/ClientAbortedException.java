package dev.chatsidecar.fake;

import java.io.IOException;

/** The client closed the connection while an event stream was still being sent. */
final class ClientAbortedException extends IOException {
    ClientAbortedException(String message, Throwable cause) {
        super(message, cause);
    }
}
