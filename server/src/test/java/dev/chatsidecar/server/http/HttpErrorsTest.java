package dev.chatsidecar.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatsidecar.protocol.ErrorType;
import dev.chatsidecar.server.testing.SharedFixtures;
import dev.chatsidecar.server.upstream.BackendException;
import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpErrorsTest {
    private final HttpErrors errors = new HttpErrors("chatgpt.com")
            .withClock(Clock.fixed(Instant.parse("2024-07-03T10:00:00Z"), ZoneOffset.UTC));

    private static HttpHeaders headers(String... pairs) {
        Map<String, List<String>> map = new java.util.HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], List.of(pairs[i + 1]));
        }
        return HttpHeaders.of(map, (a, b) -> true);
    }

    @Test
    void realValidationErrorIsAProtocolErrorNamingTheField() {
        BackendException e = errors.fromResponse(422, headers("content-type", "application/json"),
                SharedFixtures.chatgptText("error-422-missing-model.json"));
        assertEquals(ErrorType.PROTOCOL_ERROR, e.type());
        assertEquals(422, e.httpStatus());
        assertTrue(e.getMessage().contains("body.model: field required"), e.getMessage());
        assertFalse(e.retryable());
    }

    @Test
    void unusualActivityIsBlocked() {
        BackendException e = errors.fromResponse(403, headers(), "{\"detail\": \"Unusual activity has been detected "
                + "from your device. Try again later. (8a1b2c3d)\"}");
        assertEquals(ErrorType.BLOCKED, e.type());
        assertEquals(403, e.httpStatus());
        assertTrue(e.getMessage().contains("Unusual activity has been detected"), e.getMessage());
        assertTrue(e.hint().contains("another network"), e.hint());
    }

    @Test
    void cloudflareHeaderWinsOverTheBody() {
        BackendException e = errors.fromResponse(403, headers("cf-mitigated", "challenge"),
                "{\"detail\": \"Unusual activity\"}");
        assertEquals(ErrorType.BLOCKED, e.type());
        assertTrue(e.getMessage().contains("Cloudflare"), e.getMessage());
        assertTrue(e.hint().contains("VPN") && e.hint().contains("proxy"), e.hint());
    }

    @Test
    void cloudflarePageWithoutTheHeaderIsBlockedToo() {
        String page = "<!DOCTYPE html><html lang=\"en-US\"><head><title>Just a moment...</title>"
                + "<script>window._cf_chl_opt={cvId: '3'};</script></head><body></body></html>";
        BackendException e = errors.fromResponse(503, headers("content-type", "text/html"), page);
        assertEquals(ErrorType.BLOCKED, e.type());
        assertEquals(503, e.httpStatus());
    }

    @Test
    void modelCapExceededIsRateLimitedWithClearsIn() {
        String body = "{\"detail\":{\"message\":\"You've reached our limit of messages per 24 hours. Please try again "
                + "later.\",\"code\":\"model_cap_exceeded\",\"clears_in\":11461}}";
        BackendException e = errors.fromResponse(429, headers(), body);
        assertEquals(ErrorType.RATE_LIMITED, e.type());
        assertEquals(11_461_000L, e.retryAfterMs());
        assertTrue(e.getMessage().contains("reached our limit"), e.getMessage());
        assertTrue(e.hint().contains("3.2 h"), e.hint());
        BackendException sameWithOtherStatus = errors.fromResponse(403, headers(), body);
        assertEquals(ErrorType.RATE_LIMITED, sameWithOtherStatus.type(), "the code decides, whatever the status");
    }

    @Test
    void retryAfterHeaderWinsAndAcceptsDates() {
        assertEquals(37_000L, errors.fromResponse(429, headers("retry-after", "37"), "").retryAfterMs());
        assertEquals(90_000L, errors.fromResponse(429, headers("Retry-After", "Wed, 03 Jul 2024 10:01:30 GMT"),
                "{\"detail\":{\"code\":\"model_cap_exceeded\",\"clears_in\":5}}").retryAfterMs());
        assertNull(errors.fromResponse(429, headers(), "Too many").retryAfterMs());
    }

    @Test
    void otherStatusesMapToTheirTypes() {
        assertEquals(ErrorType.UNAUTHORIZED, errors.fromResponse(401, headers(), "").type());
        BackendException server = errors.fromResponse(502, headers(), "<html><title>Bad gateway</title></html>");
        assertEquals(ErrorType.UPSTREAM_ERROR, server.type());
        assertTrue(server.retryable());
        assertTrue(server.getMessage().contains("an HTML page titled \"Bad gateway\""), server.getMessage());
        assertEquals(ErrorType.INVALID_REQUEST, errors.fromResponse(400, headers(),
                "{\"error\":{\"message\":\"context too long\",\"code\":\"context_length_exceeded\"}}").type());
        assertEquals(ErrorType.PROTOCOL_ERROR, errors.fromResponse(404, headers(), "").type());
        assertEquals(ErrorType.UPSTREAM_ERROR, errors.fromResponse(418, headers(), "").type());
    }

    @Test
    void messagesCarryOnlyAShortRedactedExcerpt() {
        String body = "{\"detail\": \"bad token gAAAAABsecretsecretsecret in " + "x".repeat(1000) + "\"}";
        BackendException e = errors.fromResponse(500, headers(), body);
        assertFalse(e.getMessage().contains("secretsecret"), e.getMessage());
        assertTrue(e.getMessage().length() < 320, e.getMessage());
    }

    @Test
    void notUnderstoodIsAProtocolError() {
        BackendException e = errors.notUnderstood(200, "chat requirements", "<<garbage>>");
        assertEquals(ErrorType.PROTOCOL_ERROR, e.type());
        assertEquals(200, e.httpStatus());
        assertTrue(e.getMessage().contains("<<garbage>>"), e.getMessage());
    }
}
