package dev.chatsidecar.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Test vectors of the protocol notes §3. */
class ProofOfWorkTest {
    @Test
    void firstVectorPassesAtNonce13WithTheDocumentedHash() {
        String answer = ProofOfWork.solve("0.81186133", "073682", FakeChatGptClient.config(), 1000);
        JsonArray decoded = decode(answer);
        assertEquals(13, decoded.get(3).getAsInt());
        assertEquals(6, decoded.get(9).getAsInt());
        assertTrue(ProofOfWork.hashHex("0.81186133", answer).startsWith("03e2457f0474b5e7"));
        assertTrue(ProofOfWork.verify(ProofOfWork.PROOF_PREFIX + answer, "0.81186133", "073682"));
    }

    @Test
    void secondVectorPassesAtNonce4() {
        String answer = ProofOfWork.solve("0.123456789", "0fffff", FakeChatGptClient.config(), 1000);
        assertEquals(4, decode(answer).get(3).getAsInt());
        assertTrue(ProofOfWork.hashHex("0.123456789", answer).startsWith("062158968025573b"));
    }

    @Test
    void earlierNoncesOfTheVectorFail() {
        JsonArray config = FakeChatGptClient.config();
        config.set(3, new com.google.gson.JsonPrimitive(12));
        config.set(9, new com.google.gson.JsonPrimitive(6));
        assertFalse(ProofOfWork.meets("0.81186133", "073682", ProofOfWork.encode(config)));
    }

    @Test
    void configKeepsTheMinusSignAsUtf8() {
        String json = new String(Base64.getDecoder().decode(ProofOfWork.encode(FakeChatGptClient.config())),
                StandardCharsets.UTF_8);
        assertEquals(FakeChatGptClient.TEST_VECTOR_CONFIG, json);
    }

    @Test
    void giveUpValueIsRejected() {
        String giveUp = "gAAAAABwQ8Lk5FbGpA2NcR9dShT6gYjU7VxZ4DIjAuODExODYxMzMi";
        assertNotNull(ProofOfWork.problemWith(giveUp, "0.81186133", "073682"));
    }

    @Test
    void malformedTokensAreRejectedWithAReason() {
        String answer = ProofOfWork.solve("0.81186133", "073682", FakeChatGptClient.config(), 1000);
        assertNull(ProofOfWork.problemWith("gAAAAAB" + answer, "0.81186133", "073682"));
        assertEquals("missing proof token", ProofOfWork.problemWith(null, "0.81186133", "073682"));
        assertEquals("proof token does not start with gAAAAAB",
                ProofOfWork.problemWith("gAAAAAC" + answer, "0.81186133", "073682"));
        String shortConfig = Base64.getEncoder().encodeToString("[1,2,3]".getBytes(StandardCharsets.UTF_8));
        assertEquals("proof config is not an array of 18 slots",
                ProofOfWork.problemWith("gAAAAAB" + shortConfig, "0.81186133", "ffffff"));
        assertEquals("proof of work does not meet the difficulty",
                ProofOfWork.problemWith("gAAAAAB" + answer, "0.81186134", "000001"));
    }

    private static JsonArray decode(String answer) {
        assertNotNull(answer);
        return JsonParser.parseString(new String(Base64.getDecoder().decode(answer), StandardCharsets.UTF_8))
                .getAsJsonArray();
    }
}
