package dev.chatsidecar.server.chatgpt;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/** Builds conversation event streams in both forms for the fake servers. */
public final class FakeStreams {
    private FakeStreams() {
    }

    /** A "v1" delta stream answering {@code pieces}, ending with a patch and [DONE]. */
    public static String v1(String conversationId, String messageId, String... pieces) {
        StringBuilder sse = new StringBuilder("event: delta_encoding\ndata: \"v1\"\n\n");
        JsonObject root = new JsonObject();
        root.add("message", message(messageId, "", "in_progress"));
        root.addProperty("conversation_id", conversationId);
        root.add("error", null);
        JsonObject add = new JsonObject();
        add.addProperty("p", "");
        add.addProperty("o", "add");
        add.add("v", root);
        add.addProperty("c", 0);
        sse.append("event: delta\ndata: ").append(add).append("\n\n");
        for (int i = 0; i < pieces.length; i++) {
            JsonObject op = new JsonObject();
            if (i == 0) {
                op.addProperty("p", "/message/content/parts/0");
                op.addProperty("o", "append");
            }
            op.addProperty("v", pieces[i]);
            sse.append("event: delta\ndata: ").append(op).append("\n\n");
        }
        sse.append("event: delta\ndata: {\"p\": \"\", \"o\": \"patch\", \"v\": [{\"p\": \"/message/status\", \"o\": "
                + "\"replace\", \"v\": \"finished_successfully\"}, {\"p\": \"/message/end_turn\", \"o\": \"replace\", "
                + "\"v\": true}]}\n\n");
        sse.append("data: [DONE]\n\n");
        return sse.toString();
    }

    /** A legacy stream (whole message per event) answering {@code pieces} cumulatively. */
    public static String legacy(String conversationId, String messageId, String... pieces) {
        StringBuilder sse = new StringBuilder();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < pieces.length; i++) {
            text.append(pieces[i]);
            JsonObject event = new JsonObject();
            event.add("message", message(messageId, text.toString(),
                    i == pieces.length - 1 ? "finished_successfully" : "in_progress"));
            event.addProperty("conversation_id", conversationId);
            event.add("error", null);
            sse.append("data: ").append(event).append("\r\n\r\n");
        }
        return sse.append(": ping\r\n\r\ndata: [DONE]\r\n\r\n").toString();
    }

    /** One delta event appending {@code text} to the answer (after {@link #v1Start}). */
    public static String v1Piece(String text) {
        JsonObject op = new JsonObject();
        op.addProperty("v", text);
        return "event: delta\ndata: " + op + "\n\n";
    }

    /** The start of a v1 stream (announcement, root message, first piece with path and op). */
    public static String v1Start(String conversationId, String messageId, String firstPiece) {
        String full = v1(conversationId, messageId, firstPiece);
        return full.substring(0, full.indexOf("event: delta\ndata: {\"p\": \"\", \"o\": \"patch\""));
    }

    private static JsonObject message(String id, String text, String status) {
        JsonObject author = new JsonObject();
        author.addProperty("role", "assistant");
        JsonObject content = new JsonObject();
        content.addProperty("content_type", "text");
        JsonArray parts = new JsonArray();
        parts.add(text);
        content.add("parts", parts);
        JsonObject message = new JsonObject();
        message.addProperty("id", id);
        message.add("author", author);
        message.add("content", content);
        message.addProperty("status", status);
        message.add("metadata", new JsonObject());
        message.addProperty("recipient", "all");
        return message;
    }
}
