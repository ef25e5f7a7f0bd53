package dev.chatsidecar.server.http;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.chatsidecar.server.log.Redact;
import java.net.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the shapes of error bodies seen from chatgpt.com and OpenAI-style APIs: FastAPI's
 * {@code {"detail": "text" | {...} | [{loc, msg, type}]}}, OpenAI's {@code {"error": {message, code}}},
 * and Cloudflare challenge pages. Excerpts are short, single-line and redacted.
 */
public final class ErrorBodies {
    /** Longest excerpt of a body that goes into a message. */
    public static final int MAX_EXCERPT = 200;
    private static final Pattern TITLE = Pattern.compile("(?is)<title>\\s*(.*?)\\s*</title>");

    private ErrorBodies() {
    }

    /** Whether a response is a Cloudflare challenge: the header first, then the page's marks. */
    public static boolean isCloudflareChallenge(HttpHeaders headers, String body) {
        if (headers.firstValue("cf-mitigated").map(v -> v.trim().equalsIgnoreCase("challenge")).orElse(false)) {
            return true;
        }
        return body.contains("<title>Just a moment...</title>") || body.contains("window._cf_chl_opt")
                || body.contains("/cdn-cgi/challenge-platform/");
    }

    /** The body as a JSON object, or {@code null}. */
    public static JsonObject jsonObject(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        JsonElement element = HttpErrors.parse(text.trim());
        return element != null && element.isJsonObject() ? element.getAsJsonObject() : null;
    }

    /** A readable excerpt of {@code detail}, {@code error} or {@code message}, or {@code null}. */
    public static String detailText(JsonObject json) {
        if (json == null) {
            return null;
        }
        for (String name : List.of("detail", "error", "message")) {
            String text = describe(json.get(name));
            if (text != null && !text.isBlank()) {
                return excerpt(text);
            }
        }
        return null;
    }

    /** The machine code in {@code detail.code} or {@code error.code}, or {@code null}. */
    public static String code(JsonObject json) {
        if (json == null) {
            return null;
        }
        for (String name : List.of("detail", "error")) {
            JsonElement inner = json.get(name);
            if (inner != null && inner.isJsonObject()) {
                String code = string(inner.getAsJsonObject().get("code"));
                if (code != null) {
                    return code;
                }
            }
        }
        return null;
    }

    /** {@code detail.clears_in} (seconds) as milliseconds, or {@code null}. */
    public static Long clearsInMs(JsonObject json) {
        if (json == null) {
            return null;
        }
        for (String name : List.of("detail", "error")) {
            JsonElement inner = json.get(name);
            if (inner != null && inner.isJsonObject()) {
                JsonElement clears = inner.getAsJsonObject().get("clears_in");
                if (clears != null && clears.isJsonPrimitive() && clears.getAsJsonPrimitive().isNumber()) {
                    double seconds = clears.getAsDouble();
                    return seconds < 0 ? null : Math.round(seconds * 1000);
                }
            }
        }
        return null;
    }

    /** A short excerpt of a non-JSON body: an HTML page's title, else its first characters. */
    public static String plainExcerpt(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        Matcher title = TITLE.matcher(body);
        if (title.find()) {
            return "an HTML page titled \"" + excerpt(title.group(1)) + "\"";
        }
        return body.toLowerCase(Locale.ROOT).contains("<html") ? "an HTML page" : excerpt(body);
    }

    /** One line, at most {@link #MAX_EXCERPT} characters, secrets masked. */
    public static String excerpt(String text) {
        String line = Redact.secrets(text).replaceAll("\\s+", " ").trim();
        return line.length() <= MAX_EXCERPT ? line : line.substring(0, MAX_EXCERPT) + "…";
    }

    private static String describe(JsonElement element) {
        if (element == null || element.isJsonNull()) {
            return null;
        }
        if (element.isJsonPrimitive()) {
            return element.getAsString();
        }
        if (element.isJsonObject()) {
            JsonObject object = element.getAsJsonObject();
            String message = string(object.get("message"));
            if (message == null) {
                message = string(object.get("msg"));
            }
            return message != null ? message : string(object.get("code"));
        }
        if (element.isJsonArray()) {
            List<String> parts = new ArrayList<>();
            for (JsonElement item : (JsonArray) element) {
                if (item.isJsonObject()) {
                    JsonObject entry = item.getAsJsonObject();
                    String where = location(entry.get("loc"));
                    String msg = string(entry.get("msg"));
                    parts.add((where == null ? "" : where + ": ") + (msg == null ? "invalid" : msg));
                } else if (item.isJsonPrimitive()) {
                    parts.add(item.getAsString());
                }
            }
            return parts.isEmpty() ? null : String.join("; ", parts);
        }
        return null;
    }

    private static String location(JsonElement loc) {
        if (loc == null || !loc.isJsonArray()) {
            return null;
        }
        List<String> path = new ArrayList<>();
        for (JsonElement part : loc.getAsJsonArray()) {
            path.add(part.isJsonPrimitive() ? part.getAsString() : part.toString());
        }
        return String.join(".", path);
    }

    private static String string(JsonElement element) {
        return element != null && element.isJsonPrimitive() ? element.getAsString() : null;
    }
}
