package dev.chatsidecar.server.chatgpt;

import dev.chatsidecar.protocol.ErrorType;
import dev.chatsidecar.server.upstream.BackendException;
import dev.chatsidecar.server.upstream.CancelSignal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Random;
import java.util.function.BooleanSupplier;

/**
 * Finds proof-of-work answers: the first nonce whose config, as Base64 of compact JSON, hashes
 * (after the seed) to hex at or below the difficulty — a string comparison of the first
 * {@code difficulty.length()} hex digits. The search is bounded by attempts <em>and</em> time, and a
 * cancelled request stops it at once.
 */
public final class ProofOfWork {
    /** The most nonces tried, as in the reference algorithm. */
    public static final int MAX_ATTEMPTS = 500_000;
    /**
     * The default time bound of one search (setting {@code chatgpt.powTimeoutMs}): enough for all
     * {@link #MAX_ATTEMPTS} SHA3 attempts on a busy two-core machine (measured 2.8–11.9 s there).
     */
    public static final Duration DEFAULT_TIME_LIMIT = Duration.ofSeconds(15);
    /** The difficulty of the requirements token's own search. */
    static final String REQUIREMENTS_DIFFICULTY = "0fffff";
    static final String PROOF_PREFIX = "gAAAAAB";
    static final String REQUIREMENTS_PREFIX = "gAAAAAC";
    private static final String GIVE_UP_PREFIX = "wQ8Lk5FbGpA2NcR9dShT6gYjU7VxZ4D";

    private final PowHash hash;
    private final int maxAttempts;
    private final long timeLimitNanos;

    public ProofOfWork(PowHash hash) {
        this(hash, MAX_ATTEMPTS, DEFAULT_TIME_LIMIT);
    }

    public ProofOfWork(PowHash hash, int maxAttempts, Duration timeLimit) {
        this.hash = hash;
        this.maxAttempts = maxAttempts;
        this.timeLimitNanos = timeLimit.toNanos();
    }

    public PowHash hash() {
        return hash;
    }

    /** A found answer: the Base64 config, its nonce and the hash's hex prefix. */
    public record Solution(String answer, int nonce, String hexDigest) {
    }

    /** Searches; {@code null} when no answer was found within the attempt or time bound. */
    public Solution solve(String seed, String difficulty, PowConfig config) {
        return solve(seed, difficulty, config, () -> false);
    }

    /**
     * Searches until an answer is found, a bound is reached, or {@code stop} says so (checked every
     * 256 attempts, about a millisecond); {@code null} when no answer was found.
     */
    public Solution solve(String seed, String difficulty, PowConfig config, BooleanSupplier stop) {
        String target = difficulty.toLowerCase(java.util.Locale.ROOT);
        long start = System.nanoTime();
        long deadline = start + timeLimitNanos;
        Base64.Encoder base64 = Base64.getEncoder();
        long elapsedMillis = 0;
        for (int nonce = 0; nonce < maxAttempts; nonce++) {
            if ((nonce & 255) == 255) {
                long now = System.nanoTime();
                if (now > deadline || stop.getAsBoolean()) {
                    return null;
                }
                elapsedMillis = (now - start) / 1_000_000;
            }
            String json = config.json(nonce, hash.counter(nonce, elapsedMillis));
            String answer = base64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
            String hex = hash.hexDigest(seed, answer);
            String prefix = hex.length() > target.length() ? hex.substring(0, target.length()) : hex;
            if (prefix.compareTo(target) <= 0) {
                return new Solution(answer, nonce, hex);
            }
        }
        return null;
    }

    /**
     * The {@code openai-sentinel-proof-token} for a seed and difficulty.
     *
     * @throws BackendException {@code upstream_error} when no answer is found within the bounds
     */
    public String proofToken(String seed, String difficulty, PowConfig config) throws BackendException {
        return proofToken(seed, difficulty, config, new CancelSignal());
    }

    /**
     * The proof token; the search stops as soon as {@code cancel} fires.
     *
     * @throws BackendException {@code cancelled} when cancelled; {@code upstream_error} when no answer
     *                          is found within the bounds
     */
    public String proofToken(String seed, String difficulty, PowConfig config, CancelSignal cancel)
            throws BackendException {
        Solution solution = solve(seed, difficulty, config, cancel::isCancelled);
        cancel.throwIfCancelled();
        if (solution == null) {
            throw new BackendException(ErrorType.UPSTREAM_ERROR,
                    "chatgpt.com asked for a proof of work (difficulty " + difficulty + ") that was not found within "
                            + maxAttempts + " attempts or " + Duration.ofNanos(timeLimitNanos).toMillis() + " ms.",
                    "Try again: each request gets a new puzzle. If it keeps failing, the server is demanding unusual "
                            + "work from this network; use another model or backend meanwhile.", true);
        }
        return PROOF_PREFIX + solution.answer() + hash.proofSuffix();
    }

    /** The time bound of one search. */
    public Duration timeLimit() {
        return Duration.ofNanos(timeLimitNanos);
    }

    /**
     * The requirements token sent as {@code p}: with SHA3 an easy search on a random seed (falling back
     * to the reference algorithm's give-up value), with FNV the bare config with nonce 1 and the suffix.
     */
    public String requirementsToken(PowConfig config, Random random) {
        if (!hash.requirementsTokenNeedsWork()) {
            return REQUIREMENTS_PREFIX + Base64.getEncoder().encodeToString(
                    config.json(1, 0).getBytes(StandardCharsets.UTF_8)) + hash.proofSuffix();
        }
        String seed = String.valueOf(random.nextDouble());
        Solution solution = solve(seed, REQUIREMENTS_DIFFICULTY, config);
        return REQUIREMENTS_PREFIX + (solution == null ? giveUpAnswer(seed) : solution.answer());
    }

    /** The answer the reference algorithm sends when its search fails. */
    public static String giveUpAnswer(String seed) {
        return GIVE_UP_PREFIX + Base64.getEncoder().encodeToString(("\"" + seed + "\"").getBytes(StandardCharsets.UTF_8));
    }
}
