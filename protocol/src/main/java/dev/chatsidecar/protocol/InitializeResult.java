package dev.chatsidecar.protocol;

import java.util.List;

/** Result of {@code initialize}. */
public class InitializeResult {
    public ServerInfo serverInfo;
    public Capabilities capabilities;

    public InitializeResult() {
    }

    public InitializeResult(String version) {
        this.serverInfo = new ServerInfo("chat-sidecar", version);
        this.capabilities = new Capabilities();
    }

    /** The server's name and version. */
    public static class ServerInfo {
        public String name;
        public String version;

        public ServerInfo() {
        }

        public ServerInfo(String name, String version) {
            this.name = name;
            this.version = version;
        }
    }

    /** What the server offers. */
    public static class Capabilities {
        public Chat chat = new Chat();
    }

    /** Streaming and cancellation routes of {@code chat/complete}. */
    public static class Chat {
        public String streaming = "progress";
        public List<String> cancel = List.of(Methods.CANCEL_REQUEST, Methods.WORK_DONE_PROGRESS_CANCEL);
    }
}
