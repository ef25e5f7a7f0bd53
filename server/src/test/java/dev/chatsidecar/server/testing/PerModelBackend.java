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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A backend whose models each behave as the test scripted them, whatever the prompt — for fallback
 * chains, where one request meets several models. It records the models it was asked for, in order.
 */
public final class PerModelBackend implements ChatBackend {
    /** What one model does with any request. */
    public interface Script {
        BackendResult run(BackendRequest request, DeltaSink sink, CancelSignal cancel) throws BackendException;
    }

    private final String provider;
    private final Map<String, Script> scripts = new LinkedHashMap<>();
    public final ConcurrentLinkedQueue<String> calls = new ConcurrentLinkedQueue<>();

    public PerModelBackend(String provider) {
        this.provider = provider;
    }

    /** Adds model {@code id} with its behaviour; returns this for chaining. */
    public PerModelBackend model(String id, Script script) {
        scripts.put(id, script);
        return this;
    }

    /** Answers with {@code text} in word-sized deltas. */
    public static Script answers(String text) {
        return (request, sink, cancel) -> {
            sink.accepted();
            for (String piece : ScriptedBackend.words(text)) {
                sink.delta(piece);
            }
            return BackendResult.stop();
        };
    }

    /** Fails before accepting, as a connect error or a 429 would. */
    public static Script fails(ErrorType type, String message) {
        return (request, sink, cancel) -> {
            throw new BackendException(type, message, "hint for " + type, true,
                    type == ErrorType.RATE_LIMITED ? 429 : null, type == ErrorType.RATE_LIMITED ? 1000L : null, null);
        };
    }

    /** Accepts (so {@code begin} goes out), then fails without text. */
    public static Script acceptsThenFails(ErrorType type) {
        return (request, sink, cancel) -> {
            sink.accepted();
            throw new BackendException(type, "failed after accepting", "hint", true);
        };
    }

    /** Streams {@code text}, then fails. */
    public static Script streamsThenFails(String text, ErrorType type) {
        return (request, sink, cancel) -> {
            sink.accepted();
            sink.delta(text);
            throw new BackendException(type, "failed after text", "hint", true);
        };
    }

    /** Signals {@code waiting}, then waits (without accepting) until cancelled. */
    public static Script waitsForCancel(CountDownLatch waiting) {
        return (request, sink, cancel) -> {
            CountDownLatch aborted = new CountDownLatch(1);
            try (CancelSignal.Registration r = cancel.onCancel(aborted::countDown)) {
                waiting.countDown();
                if (!aborted.await(20, TimeUnit.SECONDS)) {
                    throw new AssertionError("never cancelled");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw BackendException.cancelled();
        };
    }

    @Override
    public String provider() {
        return provider;
    }

    @Override
    public List<ModelInfo> models(Settings settings) {
        List<ModelInfo> models = new ArrayList<>();
        for (String id : scripts.keySet()) {
            models.add(new ModelInfo(id, id, provider, List.of()));
        }
        return models;
    }

    @Override
    public BackendResult complete(BackendRequest request, DeltaSink sink, CancelSignal cancel) throws BackendException {
        calls.add(request.model());
        Script script = scripts.get(request.model());
        if (script == null) {
            throw new AssertionError("asked for a model it does not list: " + request.model());
        }
        return script.run(request, sink, cancel);
    }
}
