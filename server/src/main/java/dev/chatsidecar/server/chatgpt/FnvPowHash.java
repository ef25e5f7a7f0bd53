package dev.chatsidecar.server.chatgpt;

/**
 * The 2025–26 proof-of-work hash: 32-bit FNV-1a over the UTF-16 code units of seed + answer, then a
 * mixing finaliser, as 8 lowercase hex digits. Proof tokens carry the suffix {@code ~S}, and the
 * requirements token is sent without a search.
 */
public final class FnvPowHash implements PowHash {

    @Override
    public String name() {
        return "fnv1a-32";
    }

    @Override
    public String hexDigest(String seed, String answer) {
        int t = hash(seed + answer);
        String hex = Integer.toHexString(t);
        return "00000000".substring(hex.length()) + hex;
    }

    /** FNV-1a (offset basis 2166136261, prime 16777619) with the finaliser, modulo 2^32. */
    static int hash(String text) {
        int t = (int) 2166136261L;
        for (int i = 0; i < text.length(); i++) {
            t ^= text.charAt(i);
            t *= 16777619;
        }
        t ^= t >>> 16;
        t *= (int) 2246822507L;
        t ^= t >>> 13;
        t *= (int) 3266489909L;
        t ^= t >>> 16;
        return t;
    }

    @Override
    public String proofSuffix() {
        return "~S";
    }

    @Override
    public boolean requirementsTokenNeedsWork() {
        return false;
    }
}
