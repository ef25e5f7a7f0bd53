package dev.chatsidecar.server.chatgpt;

import java.util.Map;

/**
 * The sentinel's answer for one conversation request, with the proof token already computed and
 * the challenge tokens (if a {@link ChallengeTokenSource} supplied them) resolved. Single use: one
 * conversation request consumes it.
 *
 * @param token            sent as {@code openai-sentinel-chat-requirements-token} (finalize's token,
 *                         or the 2024 single call's)
 * @param prepareToken     sent as {@code openai-sentinel-chat-requirements-prepare-token}; {@code null}
 *                         with the 2024 single call
 * @param persona          e.g. {@code chatgpt-noauth} (logged only)
 * @param proofToken       the {@code openai-sentinel-proof-token}, or {@code null} when no work was required
 * @param challengeHeaders a token header per demanded challenge (usually empty)
 * @param fetchedMillis    when the answer arrived (epoch ms)
 * @param expiresMillis    when the server said it expires (epoch ms), or {@code null}
 * @param session          the session the token belongs to
 */
record Requirements(String token, String prepareToken, String persona, String proofToken,
                    Map<String, String> challengeHeaders, long fetchedMillis, Long expiresMillis,
                    ChatGptSession session) {

    /** Whether the token may still be used at {@code nowMillis}, given the longest age the sidecar allows. */
    boolean usableAt(long nowMillis, long maxAgeMillis) {
        if (nowMillis - fetchedMillis >= maxAgeMillis) {
            return false;
        }
        // keep a margin so that a token does not expire while the request is on the wire
        return expiresMillis == null || nowMillis < expiresMillis - 10_000;
    }
}
