package dev.chatsidecar.server.backend;

import dev.chatsidecar.server.chatgpt.ChatGptBackend;
import dev.chatsidecar.server.local.LocalChatBackend;
import dev.chatsidecar.server.openai.OpenAiBackend;
import java.util.ArrayList;
import java.util.List;

/** The backends a production sidecar serves, in the order {@code chat/models} lists them. */
public final class Backends {
    private Backends() {
    }

    public static List<ChatBackend> standard() {
        List<ChatBackend> backends = new ArrayList<>();
        backends.add(new ChatGptBackend());
        backends.add(new OpenAiBackend());
        backends.add(new LocalChatBackend());
        return backends;
    }
}
