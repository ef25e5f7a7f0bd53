package dev.chatsidecar.server.backend;

import dev.chatsidecar.protocol.ErrorType;
import dev.chatsidecar.protocol.ModelInfo;
import dev.chatsidecar.server.upstream.BackendException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the last real contact with a backend showed, per place it contacts (a base URL, a model
 * file), so that {@code chat/models} follows reality instead of a guess: no contact yet →
 * {@code unchecked}; the backend answered → {@code ready}; it could not be reached or refuses to
 * serve ({@link #CANNOT_SERVE}) → {@code unavailable} with the failure as reason. Thread-safe.
 */
public final class LastContact {
    /** Failures that mean the backend cannot serve any request now (others are about one request). */
    public static final Set<ErrorType> CANNOT_SERVE = EnumSet.of(ErrorType.UNREACHABLE, ErrorType.BLOCKED,
            ErrorType.CHALLENGE_REQUIRED, ErrorType.UNAUTHORIZED);

    /** {@code reason} is {@code null} when the contact went through. */
    private record Outcome(String reason) {
    }

    private final Map<String, Outcome> outcomes = new ConcurrentHashMap<>();

    /** Records a contact with {@code place}; {@code failure} {@code null} when it went through. */
    public void record(String place, BackendException failure) {
        if (failure != null && failure.type() == ErrorType.CANCELLED) {
            return; // a cancel says nothing about the backend
        }
        boolean down = failure != null && CANNOT_SERVE.contains(failure.type());
        outcomes.put(place, new Outcome(down ? reason(failure) : null));
    }

    /** Forgets what was seen at {@code place} (its models become unchecked). */
    public void forget(String place) {
        outcomes.remove(place);
    }

    /** {@code models} with the status the last contact with {@code place} showed (unchanged when none). */
    public List<ModelInfo> apply(String place, List<ModelInfo> models) {
        Outcome outcome = outcomes.get(place);
        if (outcome == null) {
            return models;
        }
        List<ModelInfo> out = new ArrayList<>(models.size());
        for (ModelInfo model : models) {
            if (!model.available) {
                out.add(model); // a configuration problem outranks any contact
            } else {
                out.add(outcome.reason == null ? model.ready() : model.unavailable(outcome.reason));
            }
        }
        return out;
    }

    /** The failure as a model's {@code unavailableReason}: message, then hint. */
    public static String reason(BackendException failure) {
        return failure.getMessage() + (failure.hint() == null ? "" : " " + failure.hint());
    }
}
