package dev.chatsidecar.server.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatsidecar.server.settings.Settings;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The limits read from settings, and the comparison that decides whether the pool is resized. */
class RequestLimitsTest {
    @Test
    void limitsComeFromTheSettingsWithTheHeapShareAsTheByteDefault() {
        RequestLimits limits = RequestLimits.from(Settings.fromEnvironment(Map.of(
                "CHAT_SIDECAR_WORKER_THREADS", "3", "CHAT_SIDECAR_MAX_REQUESTS_IN_FLIGHT", "9")));
        assertEquals(3, limits.workerThreads());
        assertEquals(9, limits.maxRequests());
        assertEquals(Runtime.getRuntime().maxMemory() / 8, limits.maxBytes());
    }

    @Test
    void sameAsComparesEveryLimit() {
        RequestLimits limits = new RequestLimits(4, 16, 1024);
        assertTrue(limits.sameAs(new RequestLimits(4, 16, 1024)));
        assertFalse(limits.sameAs(new RequestLimits(5, 16, 1024)));
        assertFalse(limits.sameAs(new RequestLimits(4, 17, 1024)));
        assertFalse(limits.sameAs(new RequestLimits(4, 16, 1025)));
        assertFalse(limits.sameAs(null));
    }
}
