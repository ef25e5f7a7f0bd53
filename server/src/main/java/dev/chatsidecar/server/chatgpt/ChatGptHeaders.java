package dev.chatsidecar.server.chatgpt;

import dev.chatsidecar.server.http.ResponseBodies;
import java.net.http.HttpRequest;

/**
 * The headers of the three calls, as the web app sends them: a navigation request for the home page,
 * and the app's JSON API headers (device id, language, origin, referer) for the others.
 */
final class ChatGptHeaders {
    private ChatGptHeaders() {
    }

    /** {@code en-US,en;q=0.9} for the session's locale. */
    static String acceptLanguage(ChatGptSession session) {
        String tag = PowConfig.languageTag(session.locale());
        int dash = tag.indexOf('-');
        return dash > 0 ? tag + "," + tag.substring(0, dash) + ";q=0.9" : tag;
    }

    /** A browser-like top-level navigation. */
    static HttpRequest.Builder navigation(HttpRequest.Builder request, ChatGptSession session) {
        return request
                .header("accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
                .header("accept-language", acceptLanguage(session))
                .header("accept-encoding", ResponseBodies.ACCEPT_ENCODING)
                .header("upgrade-insecure-requests", "1")
                .header("user-agent", session.endpoint().userAgent());
    }

    /**
     * The web app's API call headers (§2 and §8.1 of the protocol notes): device id, session id, the
     * page's build id as client version (when the page had one), language, origin, referer. Nothing
     * that would describe a browser this program is not (no client hints, no telemetry echoes).
     */
    static HttpRequest.Builder api(HttpRequest.Builder request, ChatGptSession session, String accept) {
        ChatGptEndpoint endpoint = session.endpoint();
        if (session.buildId() != null && !session.buildId().isBlank()) {
            request.header("oai-client-version", session.buildId());
        }
        return request
                .header("oai-session-id", session.sessionId())
                .header("accept", accept)
                .header("accept-language", acceptLanguage(session))
                .header("accept-encoding", ResponseBodies.ACCEPT_ENCODING)
                .header("content-type", "application/json")
                .header("oai-device-id", session.deviceId())
                .header("oai-language", PowConfig.languageTag(session.locale()))
                .header("origin", endpoint.origin())
                .header("referer", endpoint.referer())
                .header("user-agent", endpoint.userAgent());
    }
}
