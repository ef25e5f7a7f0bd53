package dev.chatsidecar.server.chatgpt;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The 2024 proof-of-work hash: SHA3-512 over UTF-8(seed) followed by the ASCII answer. */
public final class Sha3PowHash implements PowHash {
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA3-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java runtime has no SHA3-512", e);
        }
    });

    @Override
    public String name() {
        return "sha3-512";
    }

    @Override
    public String hexDigest(String seed, String answer) {
        MessageDigest digest = DIGEST.get();
        digest.update(seed.getBytes(StandardCharsets.UTF_8));
        byte[] hash = digest.digest(answer.getBytes(StandardCharsets.US_ASCII));
        // a difficulty is a handful of hex digits: 16 are plenty and cheaper than all 128
        char[] hex = new char[16];
        for (int i = 0; i < 8; i++) {
            hex[2 * i] = HEX[(hash[i] >> 4) & 0xf];
            hex[2 * i + 1] = HEX[hash[i] & 0xf];
        }
        return new String(hex);
    }

    @Override
    public String proofSuffix() {
        return "";
    }

    @Override
    public boolean requirementsTokenNeedsWork() {
        return true;
    }
}
