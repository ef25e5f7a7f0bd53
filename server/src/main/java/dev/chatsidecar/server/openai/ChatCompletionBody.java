package dev.chatsidecar.server.openai;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.chatsidecar.protocol.ChatMessage;
import dev.chatsidecar.protocol.GenerationOptions;
import java.util.List;

/**
 * The JSON body of {@code POST /chat/completions}: the whole conversation (the API keeps no state),
 * streaming with a final usage chunk ({@code stream_options.include_usage}), and the request's
 * options as {@code temperature} / {@code max_tokens} (only when given, so the server's defaults apply
 * otherwise).
 */
final class ChatCompletionBody {
    private ChatCompletionBody() {
    }

    static JsonObject build(String model, List<ChatMessage> messages, GenerationOptions options) {
        JsonObject body = new JsonObject();
        body.addProperty("model", model);
        JsonArray list = new JsonArray();
        for (ChatMessage message : messages) {
            JsonObject m = new JsonObject();
            m.addProperty("role", message.role);
            m.addProperty("content", message.content);
            list.add(m);
        }
        body.add("messages", list);
        body.addProperty("stream", true);
        JsonObject streamOptions = new JsonObject();
        streamOptions.addProperty("include_usage", true);
        body.add("stream_options", streamOptions);
        if (options != null && options.temperature != null) {
            body.addProperty("temperature", options.temperature);
        }
        if (options != null && options.maxTokens != null) {
            body.addProperty("max_tokens", options.maxTokens);
        }
        return body;
    }
}
