package dev.chatsidecar.server.http;

import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Reads the HTTP {@code Retry-After} header: delay-seconds or an HTTP date. */
public final class RetryAfter {
    private RetryAfter() {
    }

    /** Milliseconds to wait, or {@code null} when the header is absent or unreadable. Never negative. */
    public static Long millis(HttpHeaders headers, Clock clock) {
        return headers.firstValue("retry-after").map(v -> parse(v, clock)).orElse(null);
    }

    /** Parses {@code 120} or {@code Wed, 21 Oct 2015 07:28:00 GMT}; {@code null} when neither. */
    public static Long parse(String value, Clock clock) {
        String text = value.trim();
        try {
            double seconds = Double.parseDouble(text);
            return seconds < 0 ? null : Math.round(seconds * 1000);
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME);
                return Math.max(0, Duration.between(clock.instant(), at.toInstant()).toMillis());
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }
}
