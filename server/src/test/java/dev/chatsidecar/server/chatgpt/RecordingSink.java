package dev.chatsidecar.server.chatgpt;

import dev.chatsidecar.server.backend.DeltaSink;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/** Records what a backend streamed; latches for the first delta. */
final class RecordingSink implements DeltaSink {
    final List<String> deltas = new CopyOnWriteArrayList<>();
    final CountDownLatch firstDelta = new CountDownLatch(1);
    volatile boolean accepted;
    volatile long firstDeltaNanos;

    @Override
    public void accepted() {
        accepted = true;
    }

    @Override
    public void delta(String text) {
        if (text.isEmpty()) {
            return;
        }
        if (firstDelta.getCount() > 0) {
            firstDeltaNanos = System.nanoTime();
        }
        deltas.add(text);
        firstDelta.countDown();
    }

    String text() {
        return String.join("", deltas);
    }
}
