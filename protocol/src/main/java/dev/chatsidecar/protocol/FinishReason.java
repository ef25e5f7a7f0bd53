package dev.chatsidecar.protocol;

/** Values of {@code finishReason} in results and in the {@code end} progress value. */
public final class FinishReason {
    public static final String STOP = "stop";
    public static final String LENGTH = "length";
    public static final String CANCELLED = "cancelled";
    public static final String ERROR = "error";

    private FinishReason() {
    }
}
