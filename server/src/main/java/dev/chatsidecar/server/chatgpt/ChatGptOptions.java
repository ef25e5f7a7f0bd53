package dev.chatsidecar.server.chatgpt;

import dev.chatsidecar.server.http.HttpClientFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Locale;

/**
 * How a {@link ChatGptBackend} is built, for library users and tests; the defaults are production's.
 * Network behaviour itself comes from the request's settings, not from here.
 */
public final class ChatGptOptions {
    /** How long a session is reused before the home page is visited again. */
    public static final Duration DEFAULT_SESSION_MAX_AGE = Duration.ofMinutes(20);
    /** How old a prefetched requirements token may get before it is thrown away. */
    public static final Duration DEFAULT_PREFETCH_MAX_AGE = Duration.ofMinutes(3);

    HttpClientFactory http = HttpClientFactory.shared();
    Path deviceIdDir = DeviceIdStore.defaultDir(System.getenv());
    PowHash powHash;
    Duration powTimeLimit;
    ChallengeTokenSource challengeTokens = ChallengeTokenSource.NONE;
    Clock clock = Clock.systemUTC();
    ZoneId zone = ZoneId.systemDefault();
    Locale locale = Locale.getDefault();
    Duration sessionMaxAge = DEFAULT_SESSION_MAX_AGE;
    Duration prefetchMaxAge = DEFAULT_PREFETCH_MAX_AGE;
    boolean prefetch = true;

    public ChatGptOptions http(HttpClientFactory value) {
        http = value;
        return this;
    }

    /** Where the device id file lives; {@code null} keeps the id in memory only. */
    public ChatGptOptions deviceIdDir(Path value) {
        deviceIdDir = value;
        return this;
    }

    /** Fixes the proof-of-work hash ({@link Sha3PowHash} or {@link FnvPowHash}); default: setting {@code chatgpt.powHash}. */
    public ChatGptOptions powHash(PowHash value) {
        powHash = value;
        return this;
    }

    /** Fixes the time bound of a proof-of-work search; default: setting {@code chatgpt.powTimeoutMs}. */
    public ChatGptOptions powTimeLimit(Duration value) {
        powTimeLimit = value;
        return this;
    }

    /** A source of challenge tokens; the default has none. */
    public ChatGptOptions challengeTokens(ChallengeTokenSource value) {
        challengeTokens = value;
        return this;
    }

    public ChatGptOptions clock(Clock value) {
        clock = value;
        return this;
    }

    /** The time zone reported in dates and {@code timezone_offset_min}. */
    public ChatGptOptions zone(ZoneId value) {
        zone = value;
        return this;
    }

    /** The language reported in headers and the proof-of-work config. */
    public ChatGptOptions locale(Locale value) {
        locale = value;
        return this;
    }

    public ChatGptOptions sessionMaxAge(Duration value) {
        sessionMaxAge = value;
        return this;
    }

    public ChatGptOptions prefetchMaxAge(Duration value) {
        prefetchMaxAge = value;
        return this;
    }

    /** Whether the next sentinel and conduit tokens are fetched in the background after each answer. */
    public ChatGptOptions prefetch(boolean value) {
        prefetch = value;
        return this;
    }
}
