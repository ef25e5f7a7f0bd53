package dev.chatsidecar.server.local;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaIterator;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LlamaOutput;
import de.kherud.llama.Pair;
import dev.chatsidecar.protocol.ChatMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * One loaded GGUF model, shared by every request of the process. Requests take turns
 * ({@link #awaitTurn}): the model has one context, so generations are queued in arrival order.
 * Generation runs on the caller's thread and checks for cancellation between tokens — the binding's
 * own cancel, called from another thread, can hang the reading thread forever.
 */
public final class LocalModel {
    /** How often a queued request looks at its cancel flag while waiting for its turn. */
    private static final long TURN_POLL_MS = 20;

    private final LlamaModel model;
    private final String id;
    private final boolean hasChatTemplate;
    private final int threads;
    private final int contextSize;
    private final long loadMs;
    private final ReentrantLock turn = new ReentrantLock(true);

    LocalModel(LlamaModel model, String id, boolean hasChatTemplate, int threads, int contextSize, long loadMs) {
        this.model = model;
        this.id = id;
        this.hasChatTemplate = hasChatTemplate;
        this.threads = threads;
        this.contextSize = contextSize;
        this.loadMs = loadMs;
    }

    /** How one generation ended. */
    public enum Ending {
        /** The model stopped by itself or reached its token limit. */
        FINISHED,
        /** The piece consumer asked to stop (e.g. a stop text appeared). */
        STOPPED,
        /** The cancel flag was seen between tokens. */
        CANCELLED
    }

    /** @param tokens tokens generated (pieces delivered; a multi-byte character held back counts once) */
    public record Generation(int tokens, Ending ending) {
    }

    /**
     * Waits for this request's turn (first come, first served). Returns {@code false} without the turn
     * when {@code cancelled} becomes true while waiting. Pair with {@link #endTurn()}.
     */
    public boolean awaitTurn(BooleanSupplier cancelled) throws InterruptedException {
        while (!turn.tryLock(TURN_POLL_MS, TimeUnit.MILLISECONDS)) {
            if (cancelled.getAsBoolean()) {
                return false;
            }
        }
        if (cancelled.getAsBoolean()) {
            turn.unlock();
            return false;
        }
        return true;
    }

    /** Gives the turn to the next request. */
    public void endTurn() {
        turn.unlock();
    }

    /**
     * The prompt for a conversation: the model's own chat template when its file has one, else
     * {@link ChatMlPrompt}. Never calls the binding with an empty message list (that aborts the JVM).
     *
     * @throws IllegalArgumentException when {@code messages} is empty
     */
    public RenderedPrompt render(List<ChatMessage> messages) {
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("a prompt needs at least one message");
        }
        if (hasChatTemplate) {
            List<Pair<String, String>> pairs = new ArrayList<>();
            for (ChatMessage message : messages) {
                pairs.add(new Pair<>(message.role, message.content));
            }
            try {
                String text = model.applyTemplate(new InferenceParameters("").setMessages(null, pairs));
                if (text != null && !text.isBlank()) {
                    return new RenderedPrompt(text, List.of());
                }
            } catch (RuntimeException e) {
                // a template llama.cpp cannot run: ChatML below still gives an answer
            }
        }
        return new RenderedPrompt(ChatMlPrompt.render(messages), ChatMlPrompt.STOP_TEXTS);
    }

    /** A prompt and the texts that end the answer when the model writes them. */
    public record RenderedPrompt(String text, List<String> stopTexts) {
    }

    /** Number of tokens of {@code text} as this model tokenizes it. */
    public int countTokens(String text) {
        return model.encode(text).length;
    }

    /**
     * Generates on the calling thread, handing each piece of text to {@code pieces} (which returns
     * {@code false} to stop), and checking {@code cancelled} before every token. The caller must hold
     * the turn.
     */
    public Generation generate(InferenceParameters parameters, Predicate<String> pieces, BooleanSupplier cancelled) {
        if (!turn.isHeldByCurrentThread()) {
            throw new IllegalStateException("generate() needs the model's turn");
        }
        LlamaIterator tokens = model.generate(parameters).iterator();
        int count = 0;
        while (tokens.hasNext()) {
            if (cancelled.getAsBoolean()) {
                tokens.cancel(); // on this, the consuming thread: safe
                return new Generation(count, Ending.CANCELLED);
            }
            LlamaOutput output = tokens.next();
            if (tokens.hasNext()) {
                count++; // the last output only closes the stream and carries no token
            }
            if (!pieces.test(output.text)) {
                if (tokens.hasNext()) {
                    tokens.cancel();
                }
                return new Generation(count, Ending.STOPPED);
            }
        }
        return new Generation(count, Ending.FINISHED);
    }

    /** The whole answer in one call (the binding's non-streaming path); the caller must hold the turn. */
    public String complete(InferenceParameters parameters) {
        if (!turn.isHeldByCurrentThread()) {
            throw new IllegalStateException("complete() needs the model's turn");
        }
        return model.complete(parameters);
    }

    public String id() {
        return id;
    }

    public boolean hasChatTemplate() {
        return hasChatTemplate;
    }

    public int threads() {
        return threads;
    }

    public int contextSize() {
        return contextSize;
    }

    /** Milliseconds the model took to load. */
    public long loadMs() {
        return loadMs;
    }
}
