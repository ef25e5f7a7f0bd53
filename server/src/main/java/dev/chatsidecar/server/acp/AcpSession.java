package dev.chatsidecar.server.acp;

import dev.chatsidecar.protocol.ChatMessage;
import dev.chatsidecar.protocol.ConversationRef;
import java.util.ArrayList;
import java.util.List;

/**
 * One ACP session: a conversation kept in memory for the life of the process. It holds the
 * messages so far (so that a follow-up continues the conversation on any backend), the backend's
 * conversation handle when it keeps one (ChatGPT), the chosen model, and the prompt turn running
 * now, if any (ACP allows one at a time per session).
 */
final class AcpSession {
    private final String id;
    private final List<ChatMessage> history = new ArrayList<>();
    private ConversationRef conversation;
    private String model;
    private PromptTurn running;

    AcpSession(String id, String model) {
        this.id = id;
        this.model = model;
    }

    String id() {
        return id;
    }

    synchronized String model() {
        return model;
    }

    synchronized void model(String model) {
        this.model = model;
    }

    /** The messages to send for a new user message: the history so far, then it. */
    synchronized List<ChatMessage> messagesWith(String userText) {
        List<ChatMessage> messages = new ArrayList<>(history);
        messages.add(new ChatMessage(ChatMessage.USER, userText));
        return messages;
    }

    synchronized ConversationRef conversation() {
        return conversation;
    }

    /**
     * Records a finished exchange. {@code conversation} replaces the backend handle when the backend
     * returned one; {@code null} keeps the previous one.
     */
    synchronized void record(String userText, String answer, ConversationRef conversation) {
        history.add(new ChatMessage(ChatMessage.USER, userText));
        history.add(new ChatMessage(ChatMessage.ASSISTANT, answer));
        if (conversation != null) {
            this.conversation = conversation;
        }
    }

    /** Makes {@code turn} the running one; {@code false} when another turn is still running. */
    synchronized boolean start(PromptTurn turn) {
        if (running != null) {
            return false;
        }
        running = turn;
        return true;
    }

    /** Forgets {@code turn} once it has answered. */
    synchronized void finished(PromptTurn turn) {
        if (running == turn) {
            running = null;
        }
    }

    /** The running turn, or {@code null}. */
    synchronized PromptTurn running() {
        return running;
    }
}
