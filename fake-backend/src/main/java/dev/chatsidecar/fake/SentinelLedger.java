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
        /** 2026 mode: the prepare token the requirements token was finalized from, else null. */
        final String prepareToken;
        /** 2026 mode: whether the proof was already checked at finalize. */
        final boolean proofChecked;

        Grant(String token, String seed, String difficulty) {
            this(token, seed, difficulty, null, false);
        }

        Grant(String token, String seed, String difficulty, String prepareToken, boolean proofChecked) {
            this.token = token;
            this.seed = seed;
            this.difficulty = difficulty;
            this.prepareToken = prepareToken;
            this.proofChecked = proofChecked;
        }
    }

    private final Ids ids;
    private final Map<String, Grant> unused = new HashMap<>();
    private final Map<String, Grant> prepared = new HashMap<>();
    private final Map<String, String> conduits = new HashMap<>();
    private final Set<String> used = new HashSet<>();

    SentinelLedger(Ids ids) {
        this.ids = ids;
    }

    synchronized Grant issue(String difficulty) {
        Grant grant = new Grant(ids.token("gAAAAABfake-req-"), ids.seed(), difficulty);
        unused.put(grant.token, grant);
        return grant;
    }

    /** 2026 mode: a prepare token with its proof-of-work seed. */
    synchronized Grant prepare(String difficulty) {
        Grant grant = new Grant(ids.token("gAAAAABfake-prep-"), ids.seed(), difficulty);
        prepared.put(grant.token, grant);
        return grant;
    }

    /** 2026 mode: takes an issued, unfinalized prepare grant, or returns null. */
    synchronized Grant takePrepared(String prepareToken) {
        return prepareToken == null ? null : prepared.remove(prepareToken);
    }

    /** 2026 mode: the requirements token finalize hands out for a (checked) prepare grant. */
    synchronized Grant finalized(Grant prepare) {
        Grant grant = new Grant(ids.token("gAAAAABfake-req-"), prepare.seed, prepare.difficulty, prepare.token, true);
        unused.put(grant.token, grant);
        return grant;
    }

    /** 2026 mode: a conduit token for the turn with {@code traceId}. */
    synchronized String conduit(String traceId) {
        String token = ids.token("fake-conduit-");
        conduits.put(token, traceId);
        return token;
    }

    /** 2026 mode: takes an issued conduit token; returns its trace id, or null when unknown or used. */
    synchronized String redeemConduit(String token) {
        return token == null ? null : conduits.remove(token);
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
