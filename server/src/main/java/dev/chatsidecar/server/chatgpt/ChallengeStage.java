package dev.chatsidecar.server.chatgpt;

import dev.chatsidecar.protocol.ErrorType;
import dev.chatsidecar.server.upstream.BackendException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Stage 3: bot-verification challenges, checked on the first sentinel answer <em>before</em> any
 * proof of work is paid. When the requirements demand Turnstile, Arkose or SO, the tokens come from
 * the configured {@link ChallengeTokenSource}; without one the request ends with
 * {@code challenge_required}, naming the challenge; {@code force_login} ends it with
 * {@code unauthorized}. There is deliberately no solver here.
 */
final class ChallengeStage {
    private final ChallengeTokenSource source;

    ChallengeStage(ChallengeTokenSource source) {
        this.source = source;
    }

    /**
     * The extra conversation headers (token per demanded challenge; empty when none is demanded).
     *
     * @param demanded   each demanded challenge with its {@code dx} data (value may be {@code null})
     * @param forceLogin the server wants a signed-in user
     * @throws BackendException {@code challenge_required} when a demanded challenge has no token;
     *                          {@code unauthorized} when the server wants a signed-in user
     */
    Map<String, String> headers(String service, Map<Challenge, String> demanded, boolean forceLogin)
            throws BackendException {
        if (forceLogin) {
            throw new BackendException(ErrorType.UNAUTHORIZED,
                    service + " requires signing in from this network; this sidecar uses the anonymous web flow.",
                    "Use another model or backend (e.g. an openai/... or local/... model), or set fallback.", false);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (Map.Entry<Challenge, String> demand : demanded.entrySet()) {
            Optional<String> token = source.token(demand.getKey(), demand.getValue());
            if (token.isPresent() && !token.get().isBlank()) {
                headers.put(demand.getKey().header(), token.get());
            } else {
                missing.add(demand.getKey().displayName());
            }
        }
        if (!missing.isEmpty()) {
            throw required(service, "a " + String.join(" and ", missing) + " browser verification", null);
        }
        return headers;
    }

    /** The {@code challenge_required} error: {@code what} the service demands, the HTTP status if any. */
    static BackendException required(String service, String what, Integer status) {
        return new BackendException(ErrorType.CHALLENGE_REQUIRED,
                service + " demands " + what + " before it answers.",
                service + " now demands browser verification for this network; this sidecar does not solve it — "
                        + "use another model/backend (e.g. an openai/... or local/... model, or set fallback).",
                false, status, null, null);
    }
}
