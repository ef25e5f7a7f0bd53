package dev.chatsidecar.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
    private final Clock clock = Clock.fixed(Instant.parse("2015-10-21T07:27:00Z"), ZoneOffset.UTC);

    @Test
    void readsSeconds() {
        assertEquals(37_000L, RetryAfter.parse("37", clock));
        assertEquals(1_500L, RetryAfter.parse(" 1.5 ", clock));
    }

    @Test
    void readsHttpDatesRelativeToNow() {
        assertEquals(60_000L, RetryAfter.parse("Wed, 21 Oct 2015 07:28:00 GMT", clock));
        assertEquals(0L, RetryAfter.parse("Wed, 21 Oct 2015 07:00:00 GMT", clock), "a past date means now");
    }

    @Test
    void rejectsNonsense() {
        assertNull(RetryAfter.parse("soon", clock));
        assertNull(RetryAfter.parse("-5", clock));
    }
}
