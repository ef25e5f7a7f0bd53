package dev.chatsidecar.fake;

import java.util.Locale;
import java.util.Random;
import java.util.UUID;

/**
 * Ids, tokens and seeds from a seeded generator, so that one server run is reproducible
 * (same seeds → same proof-of-work effort). Tokens carry a counter, so they never repeat.
 */
final class Ids {
    private final Random random;
    private long counter;

    Ids(long seed) {
        this.random = new Random(seed);
    }

    synchronized String uuid() {
        long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }

    /** A seed like the real server's: a decimal fraction as a string. */
    synchronized String seed() {
        return String.format(Locale.ROOT, "0.%016d", Math.abs(random.nextLong() % 10_000_000_000_000_000L));
    }

    /** A unique opaque token with the given prefix. */
    synchronized String token(String prefix) {
        counter++;
        return prefix + Long.toString(counter, 36) + "-" + Long.toHexString(random.nextLong());
    }

    synchronized String hex(int length) {
        StringBuilder hex = new StringBuilder();
        while (hex.length() < length) {
            hex.append(Long.toHexString(random.nextLong() & Long.MAX_VALUE));
        }
        return hex.substring(0, length);
    }
}
