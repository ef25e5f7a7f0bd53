package dev.chatsidecar.server.settings;

/** A setting has a value of the wrong kind; the message names the key. */
public class InvalidSettingException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidSettingException(String message) {
        super(message);
    }
}
