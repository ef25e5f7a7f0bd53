package dev.chatsidecar.server.chatgpt;

/**
 * The 2025–26 proof-of-work hash (protocol notes §8.2): 32-bit FNV-1a over the UTF-16 code units of
 * seed + answer, then the murmur3 32-bit finaliser, as 8 lowercase hex digits. Its tokens carry the
 * suffix {@code ~S} (not hashed), its config has 25 slots with the elapsed milliseconds of the search
 * in slot 9, and the requirements token is sent without a search (nonce 1).
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

    @Override
    public int configSlots() {
        return PowConfig.FNV_SIZE;
    }

    @Override
    public int counter(int nonce, long elapsedMillis) {
        return (int) Math.min(Integer.MAX_VALUE, elapsedMillis);
    }
}
