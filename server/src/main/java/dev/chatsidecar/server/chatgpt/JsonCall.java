package dev.chatsidecar.server.chatgpt;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.chatsidecar.server.upstream.BackendException;
import dev.chatsidecar.server.upstream.CancelSignal;
import dev.chatsidecar.server.http.CancellableSend;
import dev.chatsidecar.server.http.ResponseBodies;
import dev.chatsidecar.server.http.TransportErrors;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * One of the web app's small JSON calls (sentinel, conversation prepare): POSTs a JSON body with the
 * API headers and the session's cookies, and reads the (bounded) answer as text. Classifying the
 * status is the caller's job: a 404 means something else to each of them.
 */
final class JsonCall {
    private static final int MAX_BODY_BYTES = 256 * 1024;

    private JsonCall() {
    }

    /** The status, headers and text of an answer. */
    record Answer(int status, HttpHeaders headers, String text) {
        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    @SuppressWarnings("try") // the registration is held for its scope only
    static Answer post(ChatGptSession session, String path, JsonObject body, Map<String, String> extraHeaders,
                       HttpClient client, CancelSignal cancel) throws BackendException {
        ChatGptEndpoint endpoint = session.endpoint();
        URI uri = endpoint.uri(path);
        HttpRequest.Builder builder = ChatGptHeaders.api(HttpRequest.newBuilder(uri), session, "*/*")
                .timeout(Duration.ofMillis(endpoint.idleTimeoutMs()))
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        extraHeaders.forEach(builder::header);
        session.addCookies(builder, uri);
        HttpResponse<InputStream> response = CancellableSend.send(client, builder.build(),
                HttpResponse.BodyHandlers.ofInputStream(), cancel, endpoint.service());
        session.storeCookies(uri, response.headers());
        String text;
        try (CancelSignal.Registration ignored = cancel.onCancel(() -> closeQuietly(response.body()))) {
            text = ResponseBodies.readText(ResponseBodies.decoded(response.headers(), response.body()), MAX_BODY_BYTES);
        } catch (IOException e) {
            cancel.throwIfCancelled();
            throw TransportErrors.beforeResponse(endpoint.service(), uri, e);
        }
        cancel.throwIfCancelled();
        return new Answer(response.statusCode(), response.headers(), text);
    }

    static JsonObject object(JsonElement element) {
        return element != null && element.isJsonObject() ? element.getAsJsonObject() : null;
    }

    static String string(JsonElement element) {
        return element != null && element.isJsonPrimitive() ? element.getAsString() : null;
    }

    static boolean bool(JsonElement element) {
        return element != null && element.isJsonPrimitive() && element.getAsJsonPrimitive().isBoolean()
                && element.getAsBoolean();
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // closing aborts the exchange; nothing else to do
        }
    }
}
