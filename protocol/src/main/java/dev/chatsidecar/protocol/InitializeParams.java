package dev.chatsidecar.protocol;

import com.google.gson.JsonElement;

/** Params of {@code initialize}. */
public class InitializeParams {
    public Long processId;
    public ClientInfo clientInfo;
    /** A Settings object (nested sections or flat dotted keys). */
    public JsonElement initializationOptions;

    /** Name and version of the editor or script talking to the sidecar. */
    public static class ClientInfo {
        public String name;
        public String version;

        public ClientInfo() {
        }

        public ClientInfo(String name, String version) {
            this.name = name;
            this.version = version;
        }
    }
}
