package dev.chatsidecar.server.testing;

import dev.chatsidecar.protocol.ErrorType;
import dev.chatsidecar.protocol.ModelInfo;
import dev.chatsidecar.server.backend.BackendRequest;
import dev.chatsidecar.server.backend.BackendResult;
import dev.chatsidecar.server.backend.ChatBackend;
import dev.chatsidecar.server.backend.DeltaSink;
import dev.chatsidecar.server.settings.Settings;
import dev.chatsidecar.server.upstream.BackendException;
import dev.chatsidecar.server.upstream.CancelSignal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A backend whose behaviour each test scripts from the prompt text:
 * <ul>
 *   <li>{@code echo:TEXT} — streams TEXT word by word;</li>
 *   <li>{@code hold:TEXT} — streams TEXT, then waits until cancelled (or released via {@link #release()});</li>
 *   <li>{@code fail:TYPE} — fails at once with that error type;</li>
 *   <li>{@code partial:TEXT|TYPE} — streams TEXT, then fails with TYPE;</li>
 *   <li>{@code bug} — throws a RuntimeException.</li>
 * </ul>
 * It records every request and every abort (cancel actions that ran).
 */
public final class ScriptedBackend implements ChatBackend {
    private final String provider;
    private final List<ModelInfo> models;
    public final ConcurrentLinkedQueue<BackendRequest> requests = new ConcurrentLinkedQueue<>();
    public final AtomicInteger aborts = new AtomicInteger();
    public final AtomicInteger finished = new AtomicInteger();
    /** Signalled each time a "hold" script has sent its text and starts waiting. */
    public final BlockingQueue<String> holding = new LinkedBlockingQueue<>();
    private volatile CountDownLatch release = new CountDownLatch(1);

    public ScriptedBackend(String provider, ModelInfo... models) {
        this.provider = provider;
        this.models = List.of(models);
    }

    /** A backend "scripted" with models {@code s-default} (alias {@code s-alias}) and {@code s-other}. */
    public static ScriptedBackend standard() {
        return new ScriptedBackend("scripted",
                new ModelInfo("s-default", "Scripted default", "scripted", List.of("s-alias")),
                new ModelInfo("s-other", "Scripted other", "scripted", List.of()));
    }

    /** Lets every waiting "hold" script finish normally. */
    public void release() {
        release.countDown();
    }

    @Override
    public String provider() {
        return provider;
    }

    @Override
    public List<ModelInfo> models(Settings settings) {
        return models;
    }

    @Override
    public BackendResult complete(BackendRequest request, DeltaSink sink, CancelSignal cancel) throws BackendException {
        requests.add(request);
        String prompt = request.messages().get(request.messages().size() - 1).content;
        try {
            if (prompt.equals("bug")) {
                throw new IllegalStateException("scripted bug");
            }
            if (prompt.startsWith("fail:")) {
                ErrorType type = ErrorType.fromWireName(prompt.substring(5));
                throw new BackendException(type, "scripted " + type + " from " + request.model(), "scripted hint",
                        true, 503, null, null);
            }
            sink.accepted();
            if (prompt.startsWith("partial:")) {
                String[] parts = prompt.substring(8).split("\\|");
                stream(parts[0], sink);
                throw new BackendException(ErrorType.fromWireName(parts[1]), "scripted failure after text",
                        "scripted hint", true);
            }
            if (prompt.startsWith("hold:")) {
                stream(prompt.substring(5), sink);
                CountDownLatch aborted = new CountDownLatch(1);
                try (CancelSignal.Registration r = cancel.onCancel(() -> {
                    aborts.incrementAndGet();
                    aborted.countDown();
                })) {
                    holding.add(request.model());
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                    while (aborted.getCount() > 0 && release.getCount() > 0 && System.nanoTime() < deadline) {
                        aborted.await(5, TimeUnit.MILLISECONDS);
                    }
                }
                cancel.throwIfCancelled();
                return BackendResult.stop();
            }
            stream(prompt.startsWith("echo:") ? prompt.substring(5) : prompt, sink);
            return BackendResult.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw BackendException.cancelled();
        } finally {
            finished.incrementAndGet();
        }
    }

    private static void stream(String text, DeltaSink sink) {
        for (String piece : words(text)) {
            sink.delta(piece);
        }
    }

    /** Splits text into word-sized pieces that concatenate back to it exactly. */
    public static List<String> words(String text) {
        List<String> pieces = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == ' ') {
                pieces.add(text.substring(start, i));
                start = i;
            }
        }
        return pieces;
    }
}
