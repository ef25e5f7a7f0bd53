package dev.chatsidecar.server.testing;

import dev.chatsidecar.server.backend.DeltaSink;
import java.util.ArrayList;
import java.util.List;

/** A {@link DeltaSink} that records what a backend streamed, and checks deltas follow {@code accepted}. */
public final class RecordingSink implements DeltaSink {
    private final List<String> deltas = new ArrayList<>();
    private int accepted;
    private boolean deltaBeforeAccepted;

    @Override
    public synchronized void accepted() {
        accepted++;
    }

    @Override
    public synchronized void delta(String text) {
        if (text == null || text.isEmpty()) {
            return;
        }
        if (accepted == 0) {
            deltaBeforeAccepted = true;
        }
        deltas.add(text);
    }

    public synchronized List<String> deltas() {
        return new ArrayList<>(deltas);
    }

    public synchronized String text() {
        return String.join("", deltas);
    }

    public synchronized boolean wasAccepted() {
        return accepted > 0;
    }

    /** Whether a delta arrived before {@link #accepted()}: a backend bug. */
    public synchronized boolean deltaBeforeAccepted() {
        return deltaBeforeAccepted;
    }
}
