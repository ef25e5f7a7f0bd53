package dev.chatsidecar.server.chatgpt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;

/** Verifies sentinel tokens the way a server would, independently of the production code. */
final class ProofCheck {
    private ProofCheck() {
    }

    /** Asserts the proof token solves {@code seed} at {@code difficulty}; returns its decoded config. */
    static JsonArray assertSolves(String proofToken, String seed, String difficulty) throws Exception {
        assertTrue(proofToken != null && proofToken.startsWith("gAAAAAB"), "proof token " + proofToken);
        String answer = proofToken.substring("gAAAAAB".length());
        MessageDigest sha3 = MessageDigest.getInstance("SHA3-512");
        sha3.update(seed.getBytes(StandardCharsets.UTF_8));
        String hex = HexFormat.of().formatHex(sha3.digest(answer.getBytes(StandardCharsets.US_ASCII)));
        assertTrue(hex.substring(0, difficulty.length()).compareTo(difficulty) <= 0,
                "hash " + hex.substring(0, 16) + " is above difficulty " + difficulty);
        return config(answer);
    }

    /** The 18-slot config inside a token's answer. */
    static JsonArray config(String answer) {
        JsonArray config = JsonParser.parseString(new String(Base64.getDecoder().decode(answer), StandardCharsets.UTF_8))
                .getAsJsonArray();
        assertEquals(18, config.size());
        return config;
    }
}
