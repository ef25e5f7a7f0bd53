package dev.chatsidecar.server.local;

/** The local model cannot be used (bad file, library or model load failure); the message says why. */
public final class LocalModelException extends Exception {
    private static final long serialVersionUID = 1L;

    public LocalModelException(String message) {
        super(message);
    }
}
