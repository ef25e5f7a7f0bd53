package dev.chatsidecar.server.chatgpt;

/**
 * The hash a proof-of-work answer is checked with. The server decides which one it accepts; both
 * known generations are implemented ({@link Sha3PowHash}, {@link FnvPowHash}) and the choice is an
 * option of the backend.
 */
public interface PowHash {

    /** A short name for logs. */
    String name();

    /**
     * Lowercase hex of the hash of {@code seed} followed by {@code answer} (at least as many
     * characters as a difficulty has).
     */
    String hexDigest(String seed, String answer);

    /** Appended to the proof token after the answer ({@code ""} or {@code "~S"}). */
    String proofSuffix();

    /** Whether the requirements token is searched like a proof (else sent as the bare config). */
    boolean requirementsTokenNeedsWork();
}
