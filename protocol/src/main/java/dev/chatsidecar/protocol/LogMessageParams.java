package dev.chatsidecar.protocol;

/** Params of {@code window/logMessage}; {@code type}: 1 error, 2 warning, 3 info, 4 log. */
public class LogMessageParams {
    public static final int ERROR = 1;
    public static final int WARNING = 2;
    public static final int INFO = 3;
    public static final int LOG = 4;

    public int type;
    public String message;

    public LogMessageParams() {
    }

    public LogMessageParams(int type, String message) {
        this.type = type;
        this.message = message;
    }
}
