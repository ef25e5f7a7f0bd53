package dev.chatsidecar.fake;

import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.io.IOException;

/** OpenAI-shaped error bodies {@code {"error": {message, type, param, code}}}, and the triggered ones. */
final class OpenAiErrors {
    private OpenAiErrors() {
    }

    static String body(String message, String type, String code) {
        JsonObject error = new JsonObject();
        error.addProperty("message", message);
        error.addProperty("type", type);
        error.add("param", JsonNull.INSTANCE);
        if (code == null) {
            error.add("code", JsonNull.INSTANCE);
        } else {
            error.addProperty("code", code);
        }
        JsonObject body = new JsonObject();
        body.add("error", error);
        return FakeJson.compact(body);
    }

    static void invalidApiKey(HttpResponse response) throws IOException {
        response.sendJson(401, body("Incorrect API key provided: sk-...fake. You can find your API key at "
                + "https://platform.openai.com/account/api-keys.", "invalid_request_error", "invalid_api_key"));
    }

    static void modelNotFound(HttpResponse response, String model) throws IOException {
        response.sendJson(404, body("The model `" + model + "` does not exist or you do not have access to it.",
                "invalid_request_error", "model_not_found"));
    }

    static void badRequest(HttpResponse response, String message) throws IOException {
        response.sendJson(400, body(message, "invalid_request_error", null));
    }

    /** Sends the error the triggers ask for and returns true, or returns false when none. */
    static boolean sendIfTriggered(Triggers triggers, HttpResponse response, String model) throws IOException {
        if (triggers.cloudflare) {
            response.sendHtml(403, ChatGptErrors.CLOUDFLARE_PAGE, "cf-mitigated", "challenge");
            return true;
        }
        if (triggers.cap) {
            response.sendJson(429, body("You exceeded your current quota, please check your plan and billing "
                    + "details. (fake)", "insufficient_quota", "insufficient_quota"));
            return true;
        }
        switch (triggers.errorStatus) {
            case 0:
                return false;
            case 401:
                invalidApiKey(response);
                break;
            case 403:
                response.sendJson(403, body("Country, region, or territory not supported (fake)",
                        "request_forbidden", "unsupported_country_region_territory"));
                break;
            case 429:
                response.sendJson(429, body("Rate limit reached for " + model + " (fake). Please try again in 37s.",
                        "requests", "rate_limit_exceeded"), "Retry-After", "37");
                break;
            case 500:
                response.sendJson(500, body("The server had an error while processing your request. "
                        + "Sorry about that! (fake)", "server_error", null));
                break;
            case 502:
                response.sendHtml(502, ChatGptErrors.BAD_GATEWAY_PAGE);
                break;
            case 503:
                response.sendJson(503, body("The engine is currently overloaded, please try again later. (fake)",
                        "server_error", null));
                break;
            default:
                response.sendJson(triggers.errorStatus,
                        body("Fake error " + triggers.errorStatus, "invalid_request_error", null));
        }
        return true;
    }
}
