package dev.chatsidecar.server.acp;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Turns the content blocks of a {@code session/prompt} into the text of one user message, the same
 * for every backend: text blocks as they are, then each embedded resource as a fenced block under
 * its URI, then each resource link as a line naming it (with the file's text when it is a small
 * local text file). Images and audio are refused: {@code initialize} does not offer them.
 */
final class PromptContent {
    /** The largest local file a resource link pulls into the prompt, in bytes. */
    static final int MAX_LINKED_FILE_BYTES = 256 * 1024;

    private PromptContent() {
    }

    /**
     * @throws AcpErrors.InvalidParams naming the offending block
     */
    static String toUserText(JsonElement prompt) throws AcpErrors.InvalidParams {
        if (prompt == null || !prompt.isJsonArray() || prompt.getAsJsonArray().isEmpty()) {
            throw new AcpErrors.InvalidParams("\"prompt\" must be a non-empty list of content blocks");
        }
        StringBuilder text = new StringBuilder();
        StringBuilder context = new StringBuilder();
        int index = 0;
        for (JsonElement element : prompt.getAsJsonArray()) {
            String where = "prompt[" + index++ + "]";
            if (!element.isJsonObject()) {
                throw new AcpErrors.InvalidParams(where + " must be a content block object");
            }
            JsonObject block = element.getAsJsonObject();
            String type = AcpJson.string(block, "type", where + ".type");
            if (type == null) {
                throw new AcpErrors.InvalidParams(where + ".type is required");
            }
            switch (type) {
                case "text" -> appendText(text, required(block, "text", where));
                case "resource" -> appendResource(context, block.get("resource"), where);
                case "resource_link" -> appendLink(context, block, where);
                case "image", "audio" -> throw new AcpErrors.InvalidParams(where + " is " + type
                        + " content, which this agent does not accept (promptCapabilities." + type + " is false)");
                default -> throw new AcpErrors.InvalidParams(where + ".type \"" + type + "\" is not a known content type");
            }
        }
        if (context.length() > 0) {
            if (text.length() > 0) {
                text.append("\n\n");
            }
            text.append(context);
        }
        if (text.toString().isBlank()) {
            throw new AcpErrors.InvalidParams("the prompt has no text: add a text block");
        }
        return text.toString();
    }

    private static void appendText(StringBuilder text, String piece) {
        if (text.length() > 0 && !piece.isEmpty()) {
            text.append("\n\n");
        }
        text.append(piece);
    }

    private static void appendResource(StringBuilder context, JsonElement resource, String where)
            throws AcpErrors.InvalidParams {
        if (resource == null || !resource.isJsonObject()) {
            throw new AcpErrors.InvalidParams(where + ".resource must be an object {uri, text}");
        }
        JsonObject r = resource.getAsJsonObject();
        String uri = required(r, "uri", where + ".resource");
        String body = AcpJson.string(r, "text", where + ".resource.text");
        if (body == null) {
            separate(context).append("Attached: ").append(uri).append(" (binary content, not included)");
            return;
        }
        fenced(separate(context).append("File: ").append(uri).append('\n'), body);
    }

    private static void appendLink(StringBuilder context, JsonObject link, String where) throws AcpErrors.InvalidParams {
        String uri = required(link, "uri", where);
        String name = AcpJson.string(link, "name", where + ".name");
        String body = readLocalText(uri);
        StringBuilder out = separate(context);
        if (body == null) {
            out.append("Referenced: ").append(name == null || name.equals(uri) ? uri : name + " <" + uri + ">");
            return;
        }
        fenced(out.append("File: ").append(uri).append('\n'), body);
    }

    /** The text of a small local {@code file:} URI, or {@code null} when it is not one or not text. */
    static String readLocalText(String uri) {
        try {
            URI parsed = URI.create(uri);
            if (!"file".equalsIgnoreCase(parsed.getScheme())) {
                return null;
            }
            Path path = Path.of(parsed);
            if (!Files.isRegularFile(path) || Files.size(path) > MAX_LINKED_FILE_BYTES) {
                return null;
            }
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(path))).toString();
        } catch (IllegalArgumentException | IOException | SecurityException e) {
            return null; // not a local file, not readable, or not UTF-8 text: the link is named only
        }
    }

    private static StringBuilder separate(StringBuilder context) {
        if (context.length() > 0) {
            context.append("\n\n");
        }
        return context;
    }

    /** A Markdown fence longer than any backtick run inside, so the file cannot close it early. */
    private static void fenced(StringBuilder out, String body) {
        int longest = 0;
        int run = 0;
        for (int i = 0; i < body.length(); i++) {
            run = body.charAt(i) == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        String fence = "`".repeat(Math.max(3, longest + 1));
        out.append(fence).append('\n').append(body);
        if (!body.endsWith("\n")) {
            out.append('\n');
        }
        out.append(fence);
    }

    private static String required(JsonObject o, String name, String where) throws AcpErrors.InvalidParams {
        String value = AcpJson.string(o, name, where + "." + name);
        if (value == null) {
            throw new AcpErrors.InvalidParams(where + "." + name + " is required");
        }
        return value;
    }
}
