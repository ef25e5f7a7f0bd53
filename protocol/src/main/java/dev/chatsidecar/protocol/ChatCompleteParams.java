package dev.chatsidecar.protocol;

import com.google.gson.JsonPrimitive;
import java.util.List;

/** Params of {@code chat/complete}. */
public class ChatCompleteParams {
    public List<ChatMessage> messages;
    public String model;
    /** A string or number; when present the answer is streamed as {@code $/progress}. */
    public JsonPrimitive workDoneToken;
    public ConversationRef conversation;
    public GenerationOptions options;
}
