package dev.chatsidecar.fake;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.util.List;

/**
 * The OpenAI-compatible API under {@code /v1}: {@code GET /v1/models} and
 * {@code POST /v1/chat/completions} (streaming or not), with the same answers and trigger words
 * as the ChatGPT side. The turn number is 1 + the number of assistant messages sent.
 */
final class OpenAiRoutes {
    static final List<String> MODELS = List.of("fake-gpt", "fake-mini");

    private final FakeBackend.Options options;
    private final Ids ids;
    private final OpenAiStreamer streamer;

    OpenAiRoutes(FakeBackend.Options options, Ids ids, FakeStats stats) {
        this.options = options;
        this.ids = ids;
        this.streamer = new OpenAiStreamer(options, stats);
    }

    void models(HttpRequest request, HttpResponse response) throws IOException {
        if (!authorized(request)) {
            OpenAiErrors.invalidApiKey(response);
            return;
        }
        JsonArray data = new JsonArray();
        for (String id : MODELS) {
            JsonObject model = new JsonObject();
            model.addProperty("id", id);
            model.addProperty("object", "model");
            model.addProperty("created", 1700000000L);
            model.addProperty("owned_by", "fake");
            data.add(model);
        }
        JsonObject body = new JsonObject();
        body.addProperty("object", "list");
        body.add("data", data);
        response.sendJson(200, FakeJson.compact(body));
    }

    void chat(HttpRequest request, HttpResponse response) throws IOException {
        if (!authorized(request)) {
            OpenAiErrors.invalidApiKey(response);
            return;
        }
        JsonObject body = RequestJson.object(request);
        if (body == null) {
            OpenAiErrors.badRequest(response, "We could not parse the JSON body of your request. (fake)");
            return;
        }
        String model = RequestJson.string(body, "model");
        if (model == null) {
            OpenAiErrors.badRequest(response, "you must provide a model parameter");
            return;
        }
        if (!MODELS.contains(model)) {
            OpenAiErrors.modelNotFound(response, model);
            return;
        }
        JsonElement messages = body.get("messages");
        String prompt = messages != null && messages.isJsonArray() ? lastUserText(messages.getAsJsonArray()) : null;
        if (prompt == null) {
            OpenAiErrors.badRequest(response, "messages must be a non-empty array ending with a user message");
            return;
        }
        Triggers triggers = Triggers.in(prompt);
        if (OpenAiErrors.sendIfTriggered(triggers, response, model)) {
            return;
        }
        int turn = 1 + countAssistantMessages(messages.getAsJsonArray());
        OpenAiStreamer.Completion completion = new OpenAiStreamer.Completion(
                ids.token("chatcmpl-fake-"), model, FakeAnswers.chunksFor(prompt, turn),
                countWords(messages.getAsJsonArray()), triggers);
        if (isTrue(body.get("stream"))) {
            streamer.stream(response, completion, includeUsage(body));
        } else {
            streamer.whole(response, completion);
        }
    }

    private boolean authorized(HttpRequest request) {
        return options.apiKey() == null || ("Bearer " + options.apiKey()).equals(request.header("authorization"));
    }

    /** The text of the last message, when it is a user message; content may be a string or parts. */
    private static String lastUserText(JsonArray messages) {
        if (messages.size() == 0 || !messages.get(messages.size() - 1).isJsonObject()) {
            return null;
        }
        JsonObject last = messages.get(messages.size() - 1).getAsJsonObject();
        return "user".equals(RequestJson.string(last, "role")) ? text(last.get("content")) : null;
    }

    private static String text(JsonElement content) {
        if (content == null || content.isJsonNull()) {
            return null;
        }
        if (content.isJsonPrimitive()) {
            return content.getAsString();
        }
        if (!content.isJsonArray()) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        for (JsonElement part : content.getAsJsonArray()) {
            if (part.isJsonObject() && "text".equals(RequestJson.string(part.getAsJsonObject(), "type"))) {
                text.append(RequestJson.string(part.getAsJsonObject(), "text"));
            }
        }
        return text.toString();
    }

    private static int countAssistantMessages(JsonArray messages) {
        int count = 0;
        for (JsonElement message : messages) {
            if (message.isJsonObject() && "assistant".equals(RequestJson.string(message.getAsJsonObject(), "role"))) {
                count++;
            }
        }
        return count;
    }

    /** Prompt "tokens": whitespace-separated words of all messages. */
    private static int countWords(JsonArray messages) {
        int count = 0;
        for (JsonElement message : messages) {
            String text = message.isJsonObject() ? text(message.getAsJsonObject().get("content")) : null;
            if (text != null && !text.isBlank()) {
                count += text.trim().split("\\s+").length;
            }
        }
        return count;
    }

    private static boolean includeUsage(JsonObject body) {
        JsonElement streamOptions = body.get("stream_options");
        return streamOptions != null && streamOptions.isJsonObject()
                && isTrue(streamOptions.getAsJsonObject().get("include_usage"));
    }

    private static boolean isTrue(JsonElement value) {
        return value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isBoolean()
                && value.getAsBoolean();
    }
}
