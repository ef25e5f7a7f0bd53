package dev.chatsidecar.fake;

import java.util.HashMap;
import java.util.Map;

/**
 * The conversations this server holds: for each id, the turn count and the id of the last
 * assistant message, which a follow-up must name as its parent.
 */
final class Conversations {
    /** One answered turn. */
    static final class Turn {
        final String conversationId;
        final int number;
        final String assistantMessageId;

        Turn(String conversationId, int number, String assistantMessageId) {
            this.conversationId = conversationId;
            this.number = number;
            this.assistantMessageId = assistantMessageId;
        }
    }

    /** A follow-up that does not fit: HTTP status and {@code detail} text. */
    static final class Rejection extends Exception {
        final int status;

        Rejection(int status, String detail) {
            super(detail, null, false, false);
            this.status = status;
        }
    }

    private final Ids ids;
    private final Map<String, Turn> lastTurns = new HashMap<>();

    Conversations(Ids ids) {
        this.ids = ids;
    }

    /**
     * Starts the next turn: a new conversation when {@code conversationId} is null, else a
     * follow-up whose parent must be the last assistant message of that conversation.
     */
    synchronized Turn next(String conversationId, String parentMessageId) throws Rejection {
        Turn turn;
        if (conversationId == null || conversationId.isEmpty()) {
            turn = new Turn(ids.uuid(), 1, ids.uuid());
        } else {
            Turn last = lastTurns.get(conversationId);
            if (last == null) {
                throw new Rejection(404, "Conversation not found");
            }
            if (!last.assistantMessageId.equals(parentMessageId)) {
                throw new Rejection(400, "parent_message_id is not the last message of this conversation");
            }
            turn = new Turn(conversationId, last.number + 1, ids.uuid());
        }
        lastTurns.put(turn.conversationId, turn);
        return turn;
    }
}
