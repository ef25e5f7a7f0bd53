package dev.chatsidecar.server.chatgpt;

import java.util.Map;

/**
 * The parsed answer of {@code sentinel/chat-requirements}, with the proof token already computed.
 * The token is single use: one conversation request consumes it.
 *
 * @param token         sent as {@code openai-sentinel-chat-requirements-token}
 * @param persona       e.g. {@code chatgpt-noauth} (logged only)
 * @param proofToken    the {@code openai-sentinel-proof-token}, or {@code null} when no work was required
 * @param challenges    each demanded challenge with its {@code dx} data (value may be {@code null})
 * @param forceLogin    the server wants a signed-in user
 * @param fetchedMillis when the answer arrived (epoch ms)
 * @param expiresMillis when the server said it expires (epoch ms), or {@code null}
 * @param session       the session the token belongs to
 */
record Requirements(String token, String persona, String proofToken, Map<Challenge, String> challenges,
                    boolean forceLogin, long fetchedMillis, Long expiresMillis, ChatGptSession session) {

    /** Whether the token may still be used at {@code nowMillis}, given the longest age the sidecar allows. */
    boolean usableAt(long nowMillis, long maxAgeMillis) {
        if (nowMillis - fetchedMillis >= maxAgeMillis) {
            return false;
        }
        // keep a margin so that a token does not expire while the request is on the wire
        return expiresMillis == null || nowMillis < expiresMillis - 10_000;
    }
}
