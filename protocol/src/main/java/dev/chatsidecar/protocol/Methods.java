package dev.chatsidecar.protocol;

/** JSON-RPC method and notification names used by chat-sidecar. */
public final class Methods {
    public static final String INITIALIZE = "initialize";
    public static final String INITIALIZED = "initialized";
    public static final String SHUTDOWN = "shutdown";
    public static final String EXIT = "exit";
    public static final String CHAT_MODELS = "chat/models";
    public static final String CHAT_COMPLETE = "chat/complete";
    public static final String PROGRESS = "$/progress";
    public static final String CANCEL_REQUEST = "$/cancelRequest";
    public static final String WORK_DONE_PROGRESS_CANCEL = "window/workDoneProgress/cancel";
    public static final String DID_CHANGE_CONFIGURATION = "workspace/didChangeConfiguration";
    public static final String LOG_MESSAGE = "window/logMessage";
    /** Server → client notification, params {@code {}}: some model's availability changed; fetch {@code chat/models} again. */
    public static final String MODELS_CHANGED = "chat/modelsChanged";

    private Methods() {
    }
}
