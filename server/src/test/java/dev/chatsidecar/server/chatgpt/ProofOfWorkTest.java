package dev.chatsidecar.server.chatgpt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatsidecar.protocol.ErrorType;
import dev.chatsidecar.server.upstream.BackendException;
import dev.chatsidecar.server.upstream.CancelSignal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ProofOfWorkTest {
    /** The shared doc's test vector config (slot 10 uses U+2212 MINUS SIGN). */
    static final PowConfig VECTOR = PowConfig.of(Arrays.asList(3016,
            "Mon Oct 07 2024 10:00:00 GMT-0500 (Eastern Standard Time)", 4294705152L, 0,
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/127.0.0.0 Safari/537.36",
            null, "prod-test", "en-US", "en-US,es-US,en,es", 0, "vendor\u2212Google Inc.", "location", "onblur", 1234.5,
            "00000000-0000-4000-8000-000000000000", "", 8, 1728300000000L));

    private final ProofOfWork sha3 = new ProofOfWork(new Sha3PowHash());

    @Test
    void sha3VectorOne() {
        ProofOfWork.Solution solution = sha3.solve("0.81186133", "073682", VECTOR);
        assertNotNull(solution);
        assertEquals(13, solution.nonce());
        assertTrue(solution.hexDigest().startsWith("03e2457f0474b5e7"), solution.hexDigest());
        String json = new String(Base64.getDecoder().decode(solution.answer()), StandardCharsets.UTF_8);
        assertEquals("[3016,\"Mon Oct 07 2024 10:00:00 GMT-0500 (Eastern Standard Time)\",4294705152,13,"
                + "\"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/127.0.0.0 "
                + "Safari/537.36\",null,\"prod-test\",\"en-US\",\"en-US,es-US,en,es\",6,\"vendor\u2212Google Inc.\","
                + "\"location\",\"onblur\",1234.5,\"00000000-0000-4000-8000-000000000000\",\"\",8,1728300000000]", json);
    }

    @Test
    void sha3VectorTwo() {
        ProofOfWork.Solution solution = sha3.solve("0.123456789", "0fffff", VECTOR);
        assertNotNull(solution);
        assertEquals(4, solution.nonce());
        assertTrue(solution.hexDigest().startsWith("062158968025573b"), solution.hexDigest());
    }

    @Test
    void proofTokenCarriesThePrefixAndTheAnswer() throws BackendException {
        String token = sha3.proofToken("0.81186133", "073682", VECTOR);
        assertEquals("gAAAAAB" + sha3.solve("0.81186133", "073682", VECTOR).answer(), token);
    }

    @Test
    void giveUpValueMatchesTheReference() {
        assertEquals("gAAAAABwQ8Lk5FbGpA2NcR9dShT6gYjU7VxZ4DIjAuODExODYxMzMi",
                "gAAAAAB" + ProofOfWork.giveUpAnswer("0.81186133"));
    }

    @Test
    void attemptsAreBoundedAndFailureIsAClearUpstreamError() {
        ProofOfWork few = new ProofOfWork(new Sha3PowHash(), 5, Duration.ofSeconds(10));
        assertNull(few.solve("0.81186133", "073682", VECTOR), "nonce 13 is beyond 5 attempts");
        BackendException e = assertThrows(BackendException.class, () -> few.proofToken("0.81186133", "073682", VECTOR));
        assertEquals(ErrorType.UPSTREAM_ERROR, e.type());
        assertTrue(e.getMessage().contains("proof of work") && e.getMessage().contains("5 attempts"), e.getMessage());
        assertTrue(e.retryable());
    }

    @Test
    void timeIsBounded() {
        ProofOfWork quick = new ProofOfWork(new Sha3PowHash(), ProofOfWork.MAX_ATTEMPTS, Duration.ofMillis(100));
        long start = System.nanoTime();
        assertNull(quick.solve("0.5", "0000000000", VECTOR), "ten zero digits are out of reach");
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(elapsedMs < 1500, "gave up after " + elapsedMs + " ms");
    }

    @Test
    void aCancelledSearchStopsAtOnceWithCancelled() {
        ProofOfWork slow = new ProofOfWork(new Sha3PowHash(), ProofOfWork.MAX_ATTEMPTS, Duration.ofSeconds(30));
        dev.chatsidecar.server.upstream.CancelSignal cancel = new dev.chatsidecar.server.upstream.CancelSignal();
        int[] checks = {0};
        assertNull(slow.solve("0.5", "0000000000", VECTOR, () -> ++checks[0] == 3), "stopped on the third check");
        assertEquals(3, checks[0], "checked every 256 attempts until told to stop");
        cancel.cancel();
        long start = System.nanoTime();
        BackendException e = assertThrows(BackendException.class, () -> slow.proofToken("0.5", "0000000000", VECTOR, cancel));
        assertEquals(ErrorType.CANCELLED, e.type());
        assertTrue((System.nanoTime() - start) / 1_000_000 < 1000, "no search after cancel");
    }

    @Test
    void fnvCheckValues() {
        FnvPowHash fnv = new FnvPowHash();
        assertEquals("ab3e7c0b", fnv.hexDigest("", ""));
        assertEquals("1cc93dbc", fnv.hexDigest("a", "bc"));
    }

    @Test
    void fnvProofsEndInTildeSAndVerify() throws BackendException {
        ProofOfWork fnv = new ProofOfWork(new FnvPowHash());
        String token = fnv.proofToken("0.42", "0fffff", VECTOR);
        assertTrue(token.startsWith("gAAAAAB") && token.endsWith("~S"), token);
        String answer = token.substring(7, token.length() - 2);
        assertTrue(new FnvPowHash().hexDigest("0.42", answer).substring(0, 6).compareTo("0fffff") <= 0);
    }

    @Test
    void requirementsTokenSha3IsSolvedAndFnvIsTheBareConfig() {
        String sha = sha3.requirementsToken(VECTOR, new Random(7));
        assertTrue(sha.startsWith("gAAAAAC"), sha);
        String fnv = new ProofOfWork(new FnvPowHash()).requirementsToken(VECTOR, new Random(7));
        assertTrue(fnv.startsWith("gAAAAAC") && fnv.endsWith("~S"), fnv);
        String json = new String(Base64.getDecoder().decode(fnv.substring(7, fnv.length() - 2)), StandardCharsets.UTF_8);
        assertTrue(json.startsWith("[3016,") && json.endsWith(",8,1728300000000]"), json);
        assertEquals(1, com.google.gson.JsonParser.parseString(json).getAsJsonArray().get(3).getAsInt(), "nonce 1");
    }

    @Test
    void honestConfigUsesTheRealEnvironmentAndNoBrowserKeys() {
        Clock clock = Clock.fixed(Instant.parse("2024-10-07T15:00:00Z"), ZoneId.of("UTC"));
        PowConfig config = PowConfig.honest("UA/1.0", "build-7", "dev-id", clock.millis() - 1500, clock,
                ZoneId.of("America/New_York"), Locale.US);
        var slots = config.slots();
        assertEquals(PowConfig.SIZE, slots.size());
        assertEquals("Mon Oct 07 2024 11:00:00 GMT-0400 (Eastern Daylight Time)", slots.get(1));
        assertEquals(Runtime.getRuntime().maxMemory(), slots.get(2));
        assertEquals("UA/1.0", slots.get(4));
        assertNull(slots.get(5));
        assertEquals("build-7", slots.get(6));
        assertEquals("en-US", slots.get(7));
        assertEquals("en-US,en", slots.get(8));
        assertEquals(java.util.List.of("", "", ""), slots.subList(10, 13));
        assertEquals(1500.0, slots.get(13));
        assertEquals("dev-id", slots.get(14));
        assertEquals(Runtime.getRuntime().availableProcessors(), slots.get(16));
        assertEquals(clock.millis() - 1500, slots.get(17));
    }
}
