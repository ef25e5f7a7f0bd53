package dev.chatsidecar.server.chatgpt;

import dev.chatsidecar.server.upstream.BackendException;
import dev.chatsidecar.server.http.ErrorBodies;
import dev.chatsidecar.server.http.HttpErrors;
import java.net.http.HttpHeaders;

/**
 * The HTTP error mapping with hints that fit the anonymous chatgpt.com flow. On top of
 * {@link HttpErrors}: HTTP 418, or a body whose {@code detail.code} is {@code challenge_required},
 * means the server demands a browser challenge → {@code challenge_required} (after the Cloudflare
 * check, which stays {@code blocked}).
 */
final class ChatGptErrors {
    private final HttpErrors http;
    private final String service;

    private ChatGptErrors(HttpErrors http, String service) {
        this.http = http;
        this.service = service;
    }

    static ChatGptErrors forEndpoint(ChatGptEndpoint endpoint) {
        return new ChatGptErrors(new HttpErrors(endpoint.service()).withUnauthorizedHint(
                "The anonymous session was refused; the sidecar starts a new one on the next request, so try again. "
                        + "If it keeps happening, " + endpoint.service() + " requires signing in from this network: "
                        + "use another model or backend (e.g. openai/... or local/...), or set fallback."),
                endpoint.service());
    }

    /** The error for a non-success response (or a success status carrying an error body). */
    BackendException fromResponse(int status, HttpHeaders headers, String body) {
        String text = body == null ? "" : body;
        if (!ErrorBodies.isCloudflareChallenge(headers, text)
                && (status == 418 || "challenge_required".equals(ErrorBodies.code(ErrorBodies.jsonObject(text))))) {
            return ChallengeStage.required(service, "browser verification (HTTP " + status + ")", status);
        }
        return http.fromResponse(status, headers, text);
    }

    /** See {@link HttpErrors#notUnderstood}. */
    BackendException notUnderstood(int status, String what, String body) {
        return http.notUnderstood(status, what, body);
    }
}
