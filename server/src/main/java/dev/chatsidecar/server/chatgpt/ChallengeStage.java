package dev.chatsidecar.server.chatgpt;

import dev.chatsidecar.protocol.ErrorType;
import dev.chatsidecar.server.upstream.BackendException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Stage 3: bot-verification challenges. When the requirements demand Turnstile, Arkose or SO, the
 * tokens come from the configured {@link ChallengeTokenSource}; without one the request ends with
 * {@code challenge_required}, naming the challenge. There is deliberately no solver here.
 */
final class ChallengeStage {
    private final ChallengeTokenSource source;

    ChallengeStage(ChallengeTokenSource source) {
        this.source = source;
    }

    /**
     * The extra conversation headers (token per demanded challenge; empty when none is demanded).
     *
     * @throws BackendException {@code challenge_required} when a demanded challenge has no token;
     *                          {@code unauthorized} when the server wants a signed-in user
     */
    Map<String, String> headers(Requirements requirements) throws BackendException {
        String service = requirements.session().endpoint().service();
        if (requirements.forceLogin()) {
            throw new BackendException(ErrorType.UNAUTHORIZED,
                    service + " requires signing in from this network; this sidecar uses the anonymous web flow.",
                    "Use another model or backend (e.g. an openai/... or local/... model), or set fallback.", false);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (Map.Entry<Challenge, String> demanded : requirements.challenges().entrySet()) {
            Optional<String> token = source.token(demanded.getKey(), demanded.getValue());
            if (token.isPresent() && !token.get().isBlank()) {
                headers.put(demanded.getKey().header(), token.get());
            } else {
                missing.add(demanded.getKey().displayName());
            }
        }
        if (!missing.isEmpty()) {
            throw new BackendException(ErrorType.CHALLENGE_REQUIRED,
                    service + " demands a " + String.join(" and ", missing) + " browser verification before it answers.",
                    service + " now demands browser verification for this network; this sidecar does not solve it — "
                            + "use another model/backend (e.g. an openai/... or local/... model, or set fallback).",
                    false);
        }
        return headers;
    }
}
