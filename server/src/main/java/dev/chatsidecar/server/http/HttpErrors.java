package dev.chatsidecar.server.http;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.chatsidecar.protocol.ErrorType;
import dev.chatsidecar.server.upstream.BackendException;
import java.net.http.HttpHeaders;
import java.time.Clock;
import java.util.Locale;

/**
 * Turns HTTP error responses into the contract's typed {@link BackendException}s. Every result has
 * {@code httpStatus} set, a plain-language message with at most a short redacted excerpt of the body
 * (see {@link ErrorBodies}), and a hint. The mapping, checked in this order:
 * <ol>
 *   <li>a Cloudflare challenge ({@code cf-mitigated: challenge}, checked before the body; or a
 *       "Just a moment..." page) → {@code blocked}, any status;</li>
 *   <li>a {@code model_cap_exceeded} body → {@code rate_limited}, any status;</li>
 *   <li>429 → {@code rate_limited}; {@code retryAfterMs} from {@code Retry-After} (seconds or
 *       HTTP date), else from a body's {@code clears_in} seconds;</li>
 *   <li>401 → {@code unauthorized}; 403 → {@code blocked} ("unusual activity");</li>
 *   <li>400 and 413 → {@code invalid_request} (the service refused what was asked: too long, bad option);</li>
 *   <li>422 → {@code protocol_error}: a validation error on a body this sidecar built means the
 *       service's API changed under it, which the user cannot fix by editing the request;</li>
 *   <li>3xx → {@code protocol_error} naming the redirect's target (redirects are never followed);</li>
 *   <li>404 → {@code protocol_error} (wrong base URL or moved API);</li>
 *   <li>408 and 5xx → {@code upstream_error}, retryable; other 4xx → {@code upstream_error}.</li>
 * </ol>
 * Transport failures (DNS, connect, TLS, timeouts) are mapped by {@link TransportErrors}.
 */
public final class HttpErrors {
    private final String service;
    private final String unauthorizedHint;
    private final Clock clock;

    /**
     * @param service how messages name the upstream, e.g. {@code chatgpt.com} or {@code the OpenAI API at host}
     */
    public HttpErrors(String service) {
        this(service, "Sign in again or check the credentials configured for " + service + ".", Clock.systemUTC());
    }

    private HttpErrors(String service, String unauthorizedHint, Clock clock) {
        this.service = service;
        this.unauthorizedHint = unauthorizedHint;
        this.clock = clock;
    }

    /** A copy with another hint for 401 answers (each backend knows what credential it used). */
    public HttpErrors withUnauthorizedHint(String hint) {
        return new HttpErrors(service, hint, clock);
    }

    /** A copy that computes {@code Retry-After} dates against {@code clock}. */
    public HttpErrors withClock(Clock otherClock) {
        return new HttpErrors(service, unauthorizedHint, otherClock);
    }

    public String service() {
        return service;
    }

    /**
     * The error for a non-success response.
     *
     * @param body the start of the body as text (may be empty; it is only excerpted)
     */
    public BackendException fromResponse(int status, HttpHeaders headers, String body) {
        String text = body == null ? "" : body;
        if (ErrorBodies.isCloudflareChallenge(headers, text)) {
            return error(ErrorType.BLOCKED, status, null,
                    service + " answered with a Cloudflare bot check (\"Just a moment...\") instead of the API (HTTP "
                            + status + ").",
                    "This network is being challenged by Cloudflare; the sidecar cannot pass browser checks. Try "
                            + "another network, or turn off a VPN or proxy that shares its address with many users; "
                            + "meanwhile use another model or backend (or set fallback).", true);
        }
        JsonObject json = ErrorBodies.jsonObject(text);
        String detail = ErrorBodies.detailText(json);
        String suffix = detail == null ? ErrorBodies.plainExcerpt(text) : detail;
        suffix = suffix == null || suffix.isEmpty() ? "" : ": " + suffix;
        Long clearsIn = ErrorBodies.clearsInMs(json);
        Long retryAfter = RetryAfter.millis(headers, clock);
        if (retryAfter == null) {
            retryAfter = clearsIn;
        }
        if ("model_cap_exceeded".equals(ErrorBodies.code(json)) || status == 429) {
            return error(ErrorType.RATE_LIMITED, status, retryAfter,
                    service + " is rate-limiting requests (HTTP " + status + ")" + suffix,
                    "Wait" + (retryAfter == null ? " a while" : " about " + humanDuration(retryAfter))
                            + " before retrying, or use another model or backend (or set fallback).", true);
        }
        if (status == 401) {
            return error(ErrorType.UNAUTHORIZED, status, null,
                    service + " refused the request as unauthorized (HTTP 401)" + suffix, unauthorizedHint, false);
        }
        if (status == 403) {
            return error(ErrorType.BLOCKED, status, retryAfter,
                    service + " blocked the request (HTTP 403)" + suffix,
                    "The service flagged unusual activity from this network or device. Wait and try again later or "
                            + "from another network; meanwhile use another model or backend (or set fallback).", true);
        }
        if (status == 400 || status == 413) {
            return error(ErrorType.INVALID_REQUEST, status, null,
                    service + " refused the request as invalid (HTTP " + status + ")" + suffix,
                    "Shorten the conversation or change the model or options, then send it again.", false);
        }
        if (status == 422) {
            return error(ErrorType.PROTOCOL_ERROR, status, null,
                    service + " rejected the request format (HTTP 422)" + suffix,
                    "The service's API has changed in a way this version of chat-sidecar does not know; update "
                            + "chat-sidecar, and meanwhile use another model or backend.", false);
        }
        if (status >= 300 && status < 400) {
            String location = headers.firstValue("location").map(ErrorBodies::excerpt).orElse(null);
            return error(ErrorType.PROTOCOL_ERROR, status, null,
                    service + " answered with a redirect (HTTP " + status + ")"
                            + (location == null || location.isEmpty() ? " without a location" : " to " + location)
                            + ", which is not followed",
                    "Check the configured base URL; if the service really moved, set the base URL to the new "
                            + "address yourself (redirects are never followed, so requests cannot leak to another host).",
                    false);
        }
        if (status == 404) {
            return error(ErrorType.PROTOCOL_ERROR, status, null,
                    service + " has no such endpoint (HTTP " + status + ")" + suffix,
                    "Check the configured base URL; if it is right, the service moved its API and chat-sidecar "
                            + "needs an update.", false);
        }
        if (status == 408 || status >= 500) {
            return error(ErrorType.UPSTREAM_ERROR, status, retryAfter,
                    service + " failed to answer (HTTP " + status + ")" + suffix,
                    "The service has a problem on its side; try again in a moment.", true);
        }
        return error(ErrorType.UPSTREAM_ERROR, status, retryAfter,
                service + " refused the request (HTTP " + status + ")" + suffix,
                "Try again later; if it keeps failing, use another model or backend.", false);
    }

    /**
     * The error for a successful status whose body this sidecar cannot read (not JSON, unknown shape).
     *
     * @param what what was expected, e.g. {@code "chat requirements"}
     */
    public BackendException notUnderstood(int status, String what, String body) {
        String excerpt = ErrorBodies.plainExcerpt(body == null ? "" : body);
        return error(ErrorType.PROTOCOL_ERROR, status, null,
                service + " sent " + what + " this sidecar cannot understand"
                        + (excerpt == null || excerpt.isEmpty() ? "." : ": " + excerpt),
                "The service's API may have changed; update chat-sidecar, and meanwhile use another model or backend.",
                false);
    }

    private static BackendException error(ErrorType type, int status, Long retryAfterMs, String message, String hint,
                                          boolean retryable) {
        String sentence = message.endsWith(".") || message.endsWith("!") || message.endsWith("?") ? message : message + ".";
        return new BackendException(type, sentence, hint, retryable, status, retryAfterMs, null);
    }

    static String humanDuration(long millis) {
        long seconds = Math.max(1, (millis + 999) / 1000);
        if (seconds < 120) {
            return seconds + " s";
        }
        long minutes = (seconds + 59) / 60;
        if (minutes < 120) {
            return minutes + " min";
        }
        return String.format(Locale.ROOT, "%.1f h", minutes / 60.0);
    }

    /** Parses JSON for callers that need the object of an error body; {@code null} when not an object. */
    public static JsonObject parseObject(String text) {
        return ErrorBodies.jsonObject(text);
    }

    static JsonElement parse(String text) {
        try {
            return JsonParser.parseString(text);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
