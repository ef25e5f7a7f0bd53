package dev.chatsidecar.server.local;

import dev.chatsidecar.protocol.ChatMessage;
import java.util.List;

/**
 * ChatML, the rendering used for models whose file carries no chat template:
 * {@code <|im_start|>ROLE\nCONTENT<|im_end|>\n} per message, then an open assistant turn.
 */
final class ChatMlPrompt {
    /** Texts that end the assistant's turn when a model without special tokens writes them out. */
    static final List<String> STOP_TEXTS = List.of("<|im_end|>", "<|im_start|>");

    private ChatMlPrompt() {
    }

    static String render(List<ChatMessage> messages) {
        StringBuilder prompt = new StringBuilder();
        for (ChatMessage message : messages) {
            prompt.append("<|im_start|>").append(message.role).append('\n')
                    .append(message.content).append("<|im_end|>\n");
        }
        return prompt.append("<|im_start|>assistant\n").toString();
    }
}
