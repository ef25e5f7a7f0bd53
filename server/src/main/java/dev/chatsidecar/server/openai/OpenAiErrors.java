package dev.chatsidecar.server.openai;

import com.google.gson.JsonObject;
import dev.chatsidecar.protocol.ErrorType;
import dev.chatsidecar.server.http.ErrorBodies;
import dev.chatsidecar.server.http.HttpErrors;
import dev.chatsidecar.server.upstream.BackendException;
import java.net.http.HttpHeaders;
import java.util.Locale;

/**
 * The OpenAI-compatible server's errors in the contract's types: the shared {@link HttpErrors}
 * mapping (401 unauthorized, 429 rate_limited with Retry-After, 5xx upstream_error, ...) with two
 * additions — a 404 that names a missing model is {@code invalid_request} naming that model (OpenAI's
 * {@code model_not_found}, Ollama's {@code model "x" not found}), and the API key is scrubbed from
 * every message and hint (a server may echo it back).
 */
final class OpenAiErrors {
    static final String KEY_HINT = "Check openai.apiKey (environment variable OPENAI_API_KEY); servers such as "
            + "Ollama need none, OpenAI and most hosted services need a valid key.";

    private final OpenAiEndpoint endpoint;
    private final HttpErrors http;

    OpenAiErrors(OpenAiEndpoint endpoint) {
        this.endpoint = endpoint;
        this.http = new HttpErrors(endpoint.service()).withUnauthorizedHint(KEY_HINT);
    }

    /** The error for a non-success answer to a request for {@code model} ({@code null} for the model list). */
    BackendException fromResponse(int status, HttpHeaders headers, String body, String model) {
        if (status == 404 && model != null && namesMissingModel(ErrorBodies.jsonObject(body))) {
            String detail = ErrorBodies.detailText(ErrorBodies.jsonObject(body));
            return scrub(new BackendException(ErrorType.INVALID_REQUEST,
                    endpoint.service() + " has no model \"" + model + "\" (HTTP 404)"
                            + (detail == null ? "." : ": " + detail + (detail.endsWith(".") ? "" : ".")),
                    "Pick a model that chat/models lists as available, or set openai.models to the models this "
                            + "server has (for Ollama: ollama pull " + model + ").", false, 404, null, null));
        }
        return scrub(http.fromResponse(status, headers, body));
    }

    /** A success status whose body is not what was asked for. */
    BackendException notUnderstood(int status, String what, String body) {
        return scrub(http.notUnderstood(status, what, body));
    }

    /** The same error with the API key masked in its message and hint. */
    BackendException scrub(BackendException e) {
        String message = endpoint.scrub(e.getMessage());
        String hint = endpoint.scrub(e.hint());
        if (message.equals(e.getMessage()) && (hint == null || hint.equals(e.hint()))) {
            return e;
        }
        return new BackendException(e.type(), message, hint, e.retryable(), e.httpStatus(), e.retryAfterMs(), null);
    }

    private static boolean namesMissingModel(JsonObject json) {
        if (json == null) {
            return false;
        }
        if ("model_not_found".equals(ErrorBodies.code(json))) {
            return true;
        }
        String detail = ErrorBodies.detailText(json);
        return detail != null && detail.toLowerCase(Locale.ROOT).contains("model");
    }
}
