package dev.chatsidecar.bench.jmh;

import java.nio.charset.StandardCharsets;

/**
 * A chatgpt.com "v1" delta event stream as the benchmarks feed it: the {@code delta_encoding}
 * marker, the root {@code add}, the first piece as an {@code append} to the text part, the other
 * pieces as bare {@code {"v": ...}} continuations, the closing {@code patch} and metadata
 * {@code append}, the stream-complete control object and {@code [DONE]}. Pieces are word-sized
 * ({@code "w17 "}), like real tokens.
 */
final class V1Stream {
    static final String CONVERSATION = "6741e2c1-0000-4000-8000-00000000c0de";
    static final String MESSAGE = "6741e2c1-0000-4000-8000-0000000a5515";

    private V1Stream() {
    }

    /** The whole stream for {@code pieces} pieces, events separated by {@code newline} ("\n" or "\r\n"). */
    static byte[] bytes(int pieces, String newline) {
        StringBuilder out = new StringBuilder();
        event(out, "delta_encoding", "\"v1\"", newline);
        event(out, "delta", "{\"p\":\"\",\"o\":\"add\",\"v\":{\"message\":{\"id\":\"" + MESSAGE + "\",\"author\":"
                + "{\"role\":\"assistant\",\"name\":null,\"metadata\":{}},\"create_time\":1728300000.123,\"content\":"
                + "{\"content_type\":\"text\",\"parts\":[\"\"]},\"status\":\"in_progress\",\"end_turn\":null,"
                + "\"weight\":1.0,\"metadata\":{\"model_slug\":\"auto\",\"parent_id\":\"p\"},\"recipient\":\"all\"},"
                + "\"conversation_id\":\"" + CONVERSATION + "\",\"error\":null},\"c\":0}", newline);
        for (int i = 1; i <= pieces; i++) {
            String piece = piece(i);
            event(out, "delta", i == 1
                    ? "{\"p\":\"/message/content/parts/0\",\"o\":\"append\",\"v\":\"" + piece + "\"}"
                    : "{\"v\":\"" + piece + "\"}", newline);
        }
        event(out, "delta", "{\"p\":\"\",\"o\":\"patch\",\"v\":[{\"p\":\"/message/status\",\"o\":\"replace\","
                + "\"v\":\"finished_successfully\"},{\"p\":\"/message/end_turn\",\"o\":\"replace\",\"v\":true}]}", newline);
        event(out, "delta", "{\"p\":\"/message/metadata\",\"o\":\"append\",\"v\":{\"finish_details\":{\"type\":\"stop\","
                + "\"stop_tokens\":[200002]},\"is_complete\":true}}", newline);
        event(out, null, "{\"type\":\"message_stream_complete\",\"conversation_id\":\"" + CONVERSATION + "\"}", newline);
        event(out, null, "[DONE]", newline);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The text of piece {@code i} (1-based). */
    static String piece(int i) {
        return "w" + i + " ";
    }

    /** The answer text of a stream of {@code pieces} pieces. */
    static String answer(int pieces) {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= pieces; i++) {
            text.append(piece(i));
        }
        return text.toString();
    }

    /** Number of events in a stream of {@code pieces} pieces (all of them, [DONE] included). */
    static int events(int pieces) {
        return pieces + 6;
    }

    private static void event(StringBuilder out, String name, String data, String newline) {
        if (name != null) {
            out.append("event: ").append(name).append(newline);
        }
        out.append("data: ").append(data).append(newline).append(newline);
    }
}
