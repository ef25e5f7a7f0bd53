package dev.chatsidecar.server.chatgpt;

import dev.chatsidecar.server.http.HttpErrors;

/** The HTTP error mapping with hints that fit the anonymous chatgpt.com flow. */
final class ChatGptErrors {
    private ChatGptErrors() {
    }

    static HttpErrors forEndpoint(ChatGptEndpoint endpoint) {
        return new HttpErrors(endpoint.service()).withUnauthorizedHint(
                "The anonymous session was refused; the sidecar starts a new one on the next request, so try again. "
                        + "If it keeps happening, " + endpoint.service() + " requires signing in from this network: "
                        + "use another model or backend (e.g. openai/... or local/...), or set fallback.");
    }
}
