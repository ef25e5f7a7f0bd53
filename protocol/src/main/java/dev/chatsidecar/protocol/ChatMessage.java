package dev.chatsidecar.protocol;

/** One turn of a conversation: {@code role} is {@code system}, {@code user} or {@code assistant}. */
public class ChatMessage {
    public static final String SYSTEM = "system";
    public static final String USER = "user";
    public static final String ASSISTANT = "assistant";

    public String role;
    public String content;

    public ChatMessage() {
    }

    public ChatMessage(String role, String content) {
        this.role = role;
        this.content = content;
    }

    public static ChatMessage user(String content) {
        return new ChatMessage(USER, content);
    }
}
