package dev.chatsidecar.protocol;

/** Identifies a backend-kept conversation so that the next request continues it. */
public class ConversationRef {
    public String id;
    public String parentMessageId;

    public ConversationRef() {
    }

    public ConversationRef(String id, String parentMessageId) {
        this.id = id;
        this.parentMessageId = parentMessageId;
    }
}
