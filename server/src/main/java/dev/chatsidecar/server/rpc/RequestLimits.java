package dev.chatsidecar.server.rpc;

import dev.chatsidecar.server.settings.SettingKey;
import dev.chatsidecar.server.settings.Settings;

/**
 * How much the sidecar takes on at once: worker threads, requests in flight (received, not yet
 * answered) and the bytes of their frames. The byte budget defaults to an eighth of the maximum heap
 * (32 MiB with {@code -Xmx256m}): a request's frame is held several times over while it runs (the
 * text, the parsed messages, the upstream body).
 */
public record RequestLimits(int workerThreads, int maxRequests, long maxBytes) {
    public static RequestLimits from(Settings settings) {
        long bytes = settings.isSet(SettingKey.LIMITS_MAX_REQUEST_BYTES_IN_FLIGHT)
                ? settings.integer(SettingKey.LIMITS_MAX_REQUEST_BYTES_IN_FLIGHT)
                : Runtime.getRuntime().maxMemory() / 8;
        return new RequestLimits(settings.integer(SettingKey.LIMITS_WORKER_THREADS),
                settings.integer(SettingKey.LIMITS_MAX_REQUESTS_IN_FLIGHT), bytes);
    }

    /**
     * Whether both set the same limits. A plain comparison rather than the record's {@code equals}:
     * that one is bootstrapped through {@code java.lang.runtime.ObjectMethods} on first use, about
     * 10 ms of start-up when no class-data archive holds it, and the first request pays it.
     */
    public boolean sameAs(RequestLimits other) {
        return other != null && workerThreads == other.workerThreads && maxRequests == other.maxRequests
                && maxBytes == other.maxBytes;
    }
}
