package dev.chatsidecar.server.chatgpt;

import java.util.Optional;

/**
 * Where tokens for bot-verification challenges could come from, for a library user who has a
 * legitimate source (for example a token obtained in a real browser session). The sidecar itself
 * ships only {@link #NONE}: it does not solve challenges or forge browser fingerprints.
 */
@FunctionalInterface
public interface ChallengeTokenSource {
    /** Provides no tokens: every demanded challenge ends the request with {@code challenge_required}. */
    ChallengeTokenSource NONE = (challenge, dx) -> Optional.empty();

    /**
     * A token for {@code challenge}, or empty when this source has none.
     *
     * @param dx the challenge data the server sent (may be {@code null})
     */
    Optional<String> token(Challenge challenge, String dx);
}
