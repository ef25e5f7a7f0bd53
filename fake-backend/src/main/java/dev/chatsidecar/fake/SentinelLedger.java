package dev.chatsidecar.fake;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The chat-requirements tokens this server issued, each with the proof-of-work seed it came
 * with. A token is good for one conversation request.
 */
final class SentinelLedger {
    /** What a requirements response handed out. */
    static final class Grant {
        final String token;
        final String seed;
        final String difficulty;

        Grant(String token, String seed, String difficulty) {
            this.token = token;
            this.seed = seed;
            this.difficulty = difficulty;
        }
    }

    private final Ids ids;
    private final Map<String, Grant> unused = new HashMap<>();
    private final Set<String> used = new HashSet<>();

    SentinelLedger(Ids ids) {
        this.ids = ids;
    }

    synchronized Grant issue(String difficulty) {
        Grant grant = new Grant(ids.token("gAAAAABfake-req-"), ids.seed(), difficulty);
        unused.put(grant.token, grant);
        return grant;
    }

    /** Takes the grant of an issued, unused token (marking it used), or returns null. */
    synchronized Grant redeem(String token) {
        Grant grant = token == null ? null : unused.remove(token);
        if (grant != null) {
            used.add(token);
        }
        return grant;
    }

    synchronized boolean wasUsed(String token) {
        return used.contains(token);
    }
}
