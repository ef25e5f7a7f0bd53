package dev.chatsidecar.server.backend;

import dev.chatsidecar.protocol.ChatMessage;
import dev.chatsidecar.protocol.ConversationRef;
import dev.chatsidecar.protocol.GenerationOptions;
import dev.chatsidecar.server.settings.Settings;
import java.util.List;

/**
 * One request as a backend sees it.
 *
 * @param messages     the whole conversation as the client sent it (validated: non-empty, last is user)
 * @param model        the resolved model id, one that this backend listed
 * @param conversation the conversation to continue, or {@code null}
 * @param options      generation options (never {@code null}; its members may be)
 * @param settings     the settings in force when the request arrived
 */
public record BackendRequest(List<ChatMessage> messages, String model, ConversationRef conversation,
                             GenerationOptions options, Settings settings) {
}
