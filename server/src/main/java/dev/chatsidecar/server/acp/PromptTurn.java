package dev.chatsidecar.server.acp;

import com.google.gson.JsonObject;
import dev.chatsidecar.protocol.ChatCompleteResult;
import dev.chatsidecar.protocol.ErrorType;
import dev.chatsidecar.protocol.FinishReason;
import dev.chatsidecar.server.chat.CompletionRun;
import dev.chatsidecar.server.chat.RequestFailure;
import dev.chatsidecar.server.rpc.CancellableFuture;
import dev.chatsidecar.server.chat.ProgressSink;
import java.util.function.Consumer;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;

/**
 * One {@code session/prompt}: streams the answer as {@code session/update} notifications
 * ({@code agent_message_chunk} for text, {@code agent_thought_chunk} for reasoning) and answers the
 * request once with a {@code stopReason} or an error.
 *
 * <p>A cancel answers {@code cancelled} at once (after aborting the upstream call) rather than
 * waiting for the worker to notice. Every update is sent under this object's lock and only while
 * the turn is unfinished, and finishing takes the same lock, so no update for the turn can follow
 * its answer.
 */
final class PromptTurn implements ProgressSink {
    static final String END_TURN = "end_turn";
    static final String MAX_TOKENS = "max_tokens";
    static final String CANCELLED = "cancelled";

    private final AcpSession session;
    private final String userText;
    private final Consumer<JsonObject> updates;
    private final boolean clientShowsNotices;
    private final CancellableFuture<Object> response = new CancellableFuture<>(this::cancel);
    private final StringBuilder sent = new StringBuilder();
    private CompletionRun run;
    private boolean finished;

    /**
     * @param updates sends one {@code update} object as a {@code session/update} of the session
     */
    PromptTurn(AcpSession session, String userText, Consumer<JsonObject> updates, boolean clientShowsNotices) {
        this.session = session;
        this.userText = userText;
        this.updates = updates;
        this.clientShowsNotices = clientShowsNotices;
    }

    /** Binds the run this turn streams; before it starts. */
    void attach(CompletionRun run) {
        this.run = run;
    }

    /** The answer of {@code session/prompt}; cancelling it (LSP4J's cancel of the request) cancels the turn. */
    CancellableFuture<Object> response() {
        return response;
    }

    @Override
    public void begin(String model) {
        // ACP has no "answer started" update: the first chunk says it
    }

    @Override
    public synchronized void report(String delta) {
        if (!finished) {
            sent.append(delta);
            updates.accept(chunk("agent_message_chunk", delta));
        }
    }

    @Override
    public synchronized void reasoning(String text) {
        if (!finished && !text.isEmpty()) {
            updates.accept(chunk("agent_thought_chunk", text));
        }
    }

    @Override
    public void end(String finishReason) {
        // the answer to session/prompt carries how it ended
    }

    /**
     * A line about fallback: a {@code notice} when the client shows them, else a thought chunk
     * (never answer text, which must stay exactly the model's answer).
     */
    synchronized void notice(String line) {
        if (finished) {
            return;
        }
        if (clientShowsNotices) {
            JsonObject notice = new JsonObject();
            notice.addProperty("sessionUpdate", "notice");
            notice.addProperty("severity", "warning");
            notice.addProperty("title", line);
            updates.accept(notice);
        } else {
            updates.accept(chunk("agent_thought_chunk", line + "\n"));
        }
    }

    /** {@code session/cancel}: aborts the upstream call and answers {@code cancelled}; later calls do nothing. */
    void cancel() {
        String partial;
        synchronized (this) {
            if (finished) {
                return;
            }
            finished = true;
            partial = sent.toString();
        }
        if (run != null) {
            run.cancel();
        }
        if (!partial.isEmpty()) {
            // what the user saw stays part of the conversation
            session.record(userText, partial, null);
        }
        session.finished(this);
        response.complete(stopReason(CANCELLED));
    }

    void succeeded(ChatCompleteResult result) {
        if (!finish()) {
            return;
        }
        session.record(userText, result.text, result.conversation);
        session.finished(this);
        response.complete(stopReason(FinishReason.LENGTH.equals(result.finishReason) ? MAX_TOKENS : END_TURN));
    }

    void failed(RequestFailure failure) {
        if (failure.type() == ErrorType.CANCELLED) {
            cancel();
            return;
        }
        if (!finish()) {
            return;
        }
        session.finished(this);
        response.completeExceptionally(new ResponseErrorException(AcpErrors.of(failure)));
    }

    private synchronized boolean finish() {
        if (finished) {
            return false;
        }
        finished = true;
        return true;
    }

    private static JsonObject chunk(String kind, String text) {
        JsonObject update = new JsonObject();
        update.addProperty("sessionUpdate", kind);
        update.add("content", AcpJson.textBlock(text));
        return update;
    }

    static JsonObject stopReason(String reason) {
        JsonObject result = new JsonObject();
        result.addProperty("stopReason", reason);
        return result;
    }
}
