package dev.chatsidecar.server.chatgpt;

/**
 * The hash a proof-of-work answer is checked with, and the details of its generation's token format.
 * The server decides which one it accepts; both known generations are implemented
 * ({@link Sha3PowHash}, {@link FnvPowHash}) and setting {@code chatgpt.powHash} picks one.
 */
public interface PowHash {

    /** A short name for logs. */
    String name();

    /**
     * Lowercase hex of the hash of {@code seed} followed by {@code answer} (at least as many
     * characters as a difficulty has).
     */
    String hexDigest(String seed, String answer);

    /** Appended to the proof and requirements tokens after the answer ({@code ""} or {@code "~S"}). */
    String proofSuffix();

    /** Whether the requirements token is searched like a proof (else sent as the bare config). */
    boolean requirementsTokenNeedsWork();

    /** How many slots this generation's config array has (18 in 2024, 25 in 2025–26). */
    default int configSlots() {
        return PowConfig.SIZE;
    }

    /** The value of config slot 9 on attempt {@code nonce}: half the nonce (2024) or elapsed ms (2025–26). */
    default int counter(int nonce, long elapsedMillis) {
        return nonce >> 1;
    }

    /**
     * The hash for a value of setting {@code chatgpt.powHash}: {@code sha3} or {@code fnv}
     * (case-insensitive); {@code null} for anything else.
     */
    static PowHash named(String name) {
        String key = name == null ? "" : name.trim().toLowerCase(java.util.Locale.ROOT);
        return switch (key) {
            case "sha3", "sha3-512" -> new Sha3PowHash();
            case "fnv", "fnv1a-32" -> new FnvPowHash();
            default -> null;
        };
    }
}
