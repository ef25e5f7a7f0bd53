package dev.chatsidecar.server.chatgpt;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.chatsidecar.protocol.ConversationRef;
import dev.chatsidecar.server.upstream.BackendException;
import dev.chatsidecar.server.http.ErrorBodies;
import dev.chatsidecar.server.http.EventStreamResponse;
import dev.chatsidecar.server.http.SseEvent;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Stage 5: turns the conversation's event stream into answer text. Understands both forms:
 * <ul>
 *   <li>legacy: every event carries the whole message, {@code parts[0]} cumulative;</li>
 *   <li>"v1" deltas: JSON-pointer operations ({@link DeltaOps}) on root objects numbered by
 *       {@code c}; an event without {@code p}, {@code o} or {@code c} reuses the previous event's,
 *       and a bare {@code {"v": {...}, "c": n}} with a new {@code c} adds root {@code n}.</li>
 * </ul>
 * After each event the answer is read the same way: assistant messages with {@code recipient == "all"}
 * and {@code content_type == "text"}, whose growing text {@link MessageText} emits. Channels (2025–26): {@code analysis} messages are
 * reasoning, emitted separately and never part of the answer; {@code commentary} messages are
 * skipped; {@code final} (or no channel) is the answer, and its id is the follow-up's parent.
 * <p>Streams that must not end silently: a blocking {@code moderation_response} → {@code blocked};
 * a {@code stream_handoff} (the answer continues on another channel, which is not followed) →
 * {@code upstream_error}; a stream without any answer text → {@code upstream_error}. Other control
 * events are ignored except for ids. Not thread-safe: one decoder per stream.
 */
public final class ChatGptStreamDecoder implements EventStreamResponse.Decoder {
    private final ChatGptStreamErrors errors;
    private final MessageText text;
    private final Map<Integer, JsonObject> roots = new HashMap<>();
    private final Set<String> assistantIds = new HashSet<>();
    private String previousPath = "";
    private String previousOp = "add";
    private int previousRoot;
    private String conversationId;
    private String lastAssistantId;
    private String answerId;
    private String finishType;
    private boolean handoff;
    private boolean answerFinished;
    private boolean streamComplete;
    private boolean done;

    /**
     * @param service how error messages name the upstream
     * @param deltas  receives each new piece of answer text
     */
    public ChatGptStreamDecoder(String service, Consumer<String> deltas) {
        this(service, deltas, piece -> { });
    }

    /**
     * @param service   how error messages name the upstream
     * @param deltas    receives each new piece of answer text
     * @param reasoning receives each new piece of reasoning ({@code analysis} channel) text
     */
    public ChatGptStreamDecoder(String service, Consumer<String> deltas, Consumer<String> reasoning) {
        this.errors = new ChatGptStreamErrors(service);
        this.text = new MessageText(deltas, reasoning);
    }

    /** How the answer ended. {@code conversation} is {@code null} when the stream named no ids. */
    public record Outcome(String finishReason, ConversationRef conversation) {
    }

    /**
     * Feeds one event.
     *
     * @return {@code true} once {@code [DONE]} arrived (the stream is over)
     * @throws BackendException {@code upstream_error} (or {@code blocked}) for an error inside the
     *                          stream; {@code blocked} when moderation blocks the answer;
     *                          {@code protocol_error} for data that is not JSON or an operation that
     *                          does not fit
     */
    @Override
    public boolean accept(SseEvent event) throws BackendException {
        String data = event.data().trim();
        if (data.isEmpty()) {
            return done;
        }
        if (data.equals("[DONE]")) {
            done = true;
            return true;
        }
        JsonElement json;
        try {
            json = JsonParser.parseString(data);
        } catch (RuntimeException e) {
            throw errors.protocolError("data that is not JSON: " + ErrorBodies.excerpt(data));
        }
        if (!json.isJsonObject()) {
            return done; // e.g. the "v1" announcement of event delta_encoding
        }
        JsonObject object = json.getAsJsonObject();
        checkModeration(object);
        boolean isDelta = !object.has("message") && (object.has("v") || object.has("o") || object.has("p"));
        if (isDelta) {
            applyDelta(object);
        } else if (object.has("type") && !object.has("message")) {
            control(object);
        } else {
            readRoot(object);
        }
        return done;
    }

    /**
     * Ends decoding after the stream ended: flushes held-back text, then checks the answer is whole.
     *
     * @throws BackendException {@code upstream_error} when the stream ended before {@code [DONE]} and
     *                          before the answer was marked finished (a cut stream)
     */
    public Outcome finish() throws BackendException {
        text.flush();
        if (handoff && !answerFinished) {
            throw errors.handoff();
        }
        if (!done && !answerFinished && !streamComplete) {
            throw cutOff();
        }
        if (text.answer().isEmpty()) {
            throw errors.noAnswer();
        }
        String reason = "max_tokens".equals(finishType) ? "length" : "stop";
        String parent = answerId != null ? answerId : lastAssistantId;
        ConversationRef conversation = conversationId != null && parent != null
                ? new ConversationRef(conversationId, parent) : null;
        return new Outcome(reason, conversation);
    }

    /** The error for a stream that ended (or broke off inside an event) before the answer was complete. */
    @Override
    public BackendException cutOff() {
        return errors.cutOff();
    }

    /** All answer text emitted so far. */
    public String text() {
        return text.answer();
    }

    /** All reasoning text emitted so far. */
    public String reasoningText() {
        return text.reasoning();
    }

    private void applyDelta(JsonObject event) throws BackendException {
        boolean hasPath = event.has("p");
        boolean hasOp = event.has("o");
        boolean hasRoot = event.has("c");
        int root = hasRoot ? number(event.get("c"), "c") : previousRoot;
        String path = hasPath ? text(event.get("p"), "p") : previousPath;
        String op = hasOp ? text(event.get("o"), "o") : previousOp;
        if (!hasPath && hasRoot && root != previousRoot && (!hasOp || "add".equals(op))) {
            path = ""; // a new root: the encoder dropped the "p" it shares with the previous event
            op = "add";
        }
        previousPath = path;
        previousOp = op;
        previousRoot = root;
        try {
            JsonObject updated = DeltaOps.apply(roots.get(root), path, op, event.get("v"));
            if (updated != null) {
                roots.put(root, updated);
                readRoot(updated);
            }
        } catch (DeltaOps.InvalidOp e) {
            throw errors.protocolError("a delta it cannot apply (" + e.getMessage() + ")");
        }
    }

    private void control(JsonObject event) throws BackendException {
        String type = string(event.get("type"));
        if ("message_stream_complete".equals(type)) {
            streamComplete = true;
        } else if ("stream_handoff".equals(type)) {
            handoff = true;
        }
        readRoot(event);
    }

    /** Reads ids, errors and the message of a root object (legacy event or delta model). */
    private void readRoot(JsonObject root) throws BackendException {
        String conversation = string(root.get("conversation_id"));
        if (conversation != null && !conversation.isBlank()) {
            conversationId = conversation;
        }
        JsonElement error = root.get("error");
        if (error != null && !error.isJsonNull() && !(error.isJsonPrimitive() && error.getAsString().isBlank())) {
            throw errors.inStream(error);
        }
        JsonElement message = root.get("message");
        if (message != null && message.isJsonObject()) {
            observe(message.getAsJsonObject());
        }
    }

    private void observe(JsonObject message) {
        String id = string(message.get("id"));
        JsonObject author = object(message.get("author"));
        if (id == null || author == null || !"assistant".equals(string(author.get("role")))) {
            return;
        }
        if (assistantIds.add(id)) {
            lastAssistantId = id;
        }
        String recipient = string(message.get("recipient"));
        JsonObject content = object(message.get("content"));
        String channel = string(message.get("channel"));
        if ((recipient != null && !recipient.equals("all")) || content == null
                || !"text".equals(string(content.get("content_type"))) || "commentary".equals(channel)) {
            return;
        }
        boolean isReasoning = "analysis".equals(channel);
        if (!isReasoning) {
            answerId = id;
        }
        JsonElement parts = content.get("parts");
        if (parts != null && parts.isJsonArray() && !parts.getAsJsonArray().isEmpty()) {
            String full = string(parts.getAsJsonArray().get(0));
            if (full != null) {
                text.update(id, full, isReasoning);
            }
        }
        if (isReasoning) {
            return; // a finished thought is not a finished answer
        }
        String status = string(message.get("status"));
        Boolean endTurn = flag(message.get("end_turn"));
        // an intermediate message may finish with end_turn false: the turn goes on
        answerFinished = Boolean.TRUE.equals(endTurn)
                || (status != null && status.startsWith("finished") && !Boolean.FALSE.equals(endTurn));
        JsonObject metadata = object(message.get("metadata"));
        JsonObject details = metadata == null ? null : object(metadata.get("finish_details"));
        if (details != null && string(details.get("type")) != null) {
            finishType = string(details.get("type"));
        }
    }

    /** A {@code moderation_response} (legacy event or {@code moderation} control event) that blocks → {@code blocked}. */
    private void checkModeration(JsonObject event) throws BackendException {
        JsonObject moderation = object(event.get("moderation_response"));
        if (moderation != null && Boolean.TRUE.equals(flag(moderation.get("blocked")))) {
            throw errors.moderationBlocked();
        }
    }

    private static Boolean flag(JsonElement element) {
        return element != null && element.isJsonPrimitive() && element.getAsJsonPrimitive().isBoolean()
                ? element.getAsBoolean() : null;
    }

    /** A delta's string member; anything else is a protocol error (not a crash). */
    private String text(JsonElement element, String name) throws BackendException {
        String value = string(element);
        if (value == null) {
            throw errors.protocolError("a delta whose \"" + name + "\" is not a string");
        }
        return value;
    }

    /** A delta's integer member; anything else is a protocol error (not a crash). */
    private int number(JsonElement element, String name) throws BackendException {
        if (element == null || !element.isJsonPrimitive() || !element.getAsJsonPrimitive().isNumber()) {
            throw errors.protocolError("a delta whose \"" + name + "\" is not a number");
        }
        return element.getAsInt();
    }

    private static JsonObject object(JsonElement element) {
        return element != null && element.isJsonObject() ? element.getAsJsonObject() : null;
    }

    private static String string(JsonElement element) {
        return element != null && element.isJsonPrimitive() && element.getAsJsonPrimitive().isString()
                ? element.getAsString() : null;
    }
}
