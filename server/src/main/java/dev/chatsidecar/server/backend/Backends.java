package dev.chatsidecar.server.backend;

import java.util.ArrayList;
import java.util.List;

/** The backends a production sidecar serves, in the order {@code chat/models} lists them. */
public final class Backends {
    private Backends() {
    }

    public static List<ChatBackend> standard() {
        List<ChatBackend> backends = new ArrayList<>();
        backends.add(new dev.chatsidecar.server.chatgpt.ChatGptBackend());
        // backends are added here as they are implemented (chatgpt, openai, local)
        return backends;
    }
}
