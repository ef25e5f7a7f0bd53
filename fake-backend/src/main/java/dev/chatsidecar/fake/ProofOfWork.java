package dev.chatsidecar.fake;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The proof-of-work of chatgpt.com's sentinel: SHA3-512 (protocol notes §3), or the 2025–26 FNV
 * form (§8.2: 25 slots, tokens ending in {@code ~S}, recognised by that suffix). An answer is the
 * Base64 of a JSON config array; it is valid when the lowercase hex of
 * SHA3-512(seed + answer) starts with a prefix that is (as a string) {@code <=} the difficulty.
 */
public final class ProofOfWork {
    /** Prefix of a proof token sent in {@code openai-sentinel-proof-token}. */
    public static final String PROOF_PREFIX = "gAAAAAB";
    /** Prefix of the requirements token sent as {@code {"p": ...}}. */
    public static final String REQUIREMENTS_PREFIX = "gAAAAAC";
    /** Number of slots of the config array. */
    public static final int CONFIG_SLOTS = 18;
    /** Number of slots of the 2025–26 (FNV) config array. */
    public static final int FNV_CONFIG_SLOTS = 25;
    /** Suffix of 2025–26 (FNV) tokens; not hashed. */
    public static final String FNV_SUFFIX = "~S";

    private ProofOfWork() {
    }

    /** Lowercase hex of SHA3-512(UTF-8(seed) ++ ASCII(answer)). */
    public static String hashHex(String seed, String answer) {
        MessageDigest sha3 = sha3();
        sha3.update(seed.getBytes(StandardCharsets.UTF_8));
        sha3.update(answer.getBytes(StandardCharsets.US_ASCII));
        StringBuilder hex = new StringBuilder();
        for (byte b : sha3.digest()) {
            hex.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return hex.toString();
    }

    /** Whether {@code answer} meets {@code difficulty} for {@code seed}. */
    public static boolean meets(String seed, String difficulty, String answer) {
        String prefix = hashHex(seed, answer).substring(0, Math.min(128, difficulty.length()));
        return prefix.compareTo(difficulty) <= 0;
    }

    /**
     * The 2025–26 hash (protocol notes §8.2): FNV-1a 32-bit over the UTF-16 code units of seed +
     * answer, then the murmur3 finaliser, as 8 lowercase hex digits.
     */
    public static String fnvHex(String seed, String answer) {
        String text = seed + answer;
        int h = 0x811c9dc5;
        for (int i = 0; i < text.length(); i++) {
            h ^= text.charAt(i);
            h *= 0x01000193;
        }
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return String.format("%08x", h);
    }

    private static boolean meetsFnv(String seed, String difficulty, String answer) {
        String hex = fnvHex(seed, answer);
        String prefix = hex.substring(0, Math.min(hex.length(), difficulty.length()));
        return prefix.compareTo(difficulty.substring(0, prefix.length())) <= 0;
    }

    /** Why {@code proofToken} is not a valid proof for the seed and difficulty, or null when it is. */
    public static String problemWith(String proofToken, String seed, String difficulty) {
        if (proofToken == null || proofToken.isEmpty()) {
            return "missing proof token";
        }
        if (!proofToken.startsWith(PROOF_PREFIX)) {
            return "proof token does not start with " + PROOF_PREFIX;
        }
        boolean fnv = proofToken.endsWith(FNV_SUFFIX);
        String answer = proofToken.substring(PROOF_PREFIX.length(),
                proofToken.length() - (fnv ? FNV_SUFFIX.length() : 0));
        int slots = fnv ? FNV_CONFIG_SLOTS : CONFIG_SLOTS;
        JsonElement config;
        try {
            config = JsonParser.parseString(new String(Base64.getDecoder().decode(answer), StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            return "proof token is not Base64 of a JSON config";
        }
        if (!config.isJsonArray() || config.getAsJsonArray().size() != slots) {
            return "proof config is not an array of " + slots + " slots";
        }
        if (fnv ? !meetsFnv(seed, difficulty, answer) : !meets(seed, difficulty, answer)) {
            return "proof of work does not meet the difficulty";
        }
        return null;
    }

    /** Whether {@code proofToken} is a valid proof for the seed and difficulty. */
    public static boolean verify(String proofToken, String seed, String difficulty) {
        return problemWith(proofToken, seed, difficulty) == null;
    }

    /** Base64 of the compact JSON of {@code config} (non-ASCII kept as UTF-8). */
    public static String encode(JsonArray config) {
        String json = FakeJson.compact(config);
        return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Solves like a client: tries nonces 0.. in slot 3 (and nonce/2 in slot 9) and returns the
     * first passing answer (without prefix), or null after {@code maxAttempts}. {@code config}
     * is modified.
     */
    public static String solve(String seed, String difficulty, JsonArray config, int maxAttempts) {
        for (int i = 0; i < maxAttempts; i++) {
            config.set(3, new JsonPrimitive(i));
            config.set(9, new JsonPrimitive(i >> 1));
            String answer = encode(config);
            if (meets(seed, difficulty, answer)) {
                return answer;
            }
        }
        return null;
    }

    private static MessageDigest sha3() {
        try {
            return MessageDigest.getInstance("SHA3-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no SHA3-512", e);
        }
    }
}
