package dev.chatsidecar.server.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import dev.chatsidecar.protocol.ChatCompleteParams;
import dev.chatsidecar.protocol.ChatCompleteResult;
import dev.chatsidecar.protocol.ChatMessage;
import dev.chatsidecar.protocol.ChatModelsResult;
import dev.chatsidecar.protocol.ErrorType;
import dev.chatsidecar.protocol.GenerationOptions;
import dev.chatsidecar.protocol.ModelInfo;
import dev.chatsidecar.server.backend.ChatBackend;
import dev.chatsidecar.server.backend.ModelCatalog;
import dev.chatsidecar.server.chat.CompletionRun;
import dev.chatsidecar.server.chat.RequestFailure;
import dev.chatsidecar.server.settings.SettingsStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ask [OPTIONS] [--] [PROMPT...]} ({@link AskOptions}): one request through the same pipeline
 * as {@code chat/complete}, its answer streamed to stdout. Every diagnostic is one
 * {@code chat-sidecar: ...} line on stderr. A closed stdout cancels the request at once (the
 * upstream call is aborted) and ends quietly; {@link #interrupt()} (Ctrl-C) cancels it, keeps the
 * partial answer and ends with exit code 130.
 */
public final class AskCommand {
    /** Exit code after an interrupt (128 + SIGINT), as shells report it. */
    public static final int INTERRUPTED = 130;
    private static final Gson JSON = new GsonBuilder().disableHtmlEscaping().create();

    private final SettingsStore settings;
    private final List<ChatBackend> backends;
    private final OutputStream stdout;
    private final InputStream stdin;
    private final PrintStream stderr;
    private volatile CompletionRun current;
    private volatile boolean interrupted;

    public AskCommand(SettingsStore settings, List<ChatBackend> backends, OutputStream stdout, InputStream stdin) {
        this(settings, backends, stdout, stdin, System.err);
    }

    public AskCommand(SettingsStore settings, List<ChatBackend> backends, OutputStream stdout, InputStream stdin,
                      PrintStream stderr) {
        this.settings = settings;
        this.backends = backends;
        this.stdout = stdout;
        this.stdin = stdin;
        this.stderr = stderr;
    }

    /**
     * Ctrl-C: cancels the running request (its partial answer stays). Returns {@code false} when no
     * request is running yet, so the caller should end the process itself.
     */
    public boolean interrupt() {
        interrupted = true;
        CompletionRun run = current;
        if (run == null) {
            return false;
        }
        run.cancel();
        return true;
    }

    /** Runs with the arguments after {@code ask}; returns the exit code. */
    public int run(List<String> args) {
        AskOptions options;
        try {
            options = AskOptions.parse(args);
        } catch (AskOptions.UsageException e) {
            stderr.println("chat-sidecar: " + e.getMessage());
            stderr.print(AskOptions.USAGE);
            return 2;
        }
        if (options.help()) {
            write(AskOptions.USAGE);
            return 0;
        }
        ModelCatalog catalog = new ModelCatalog(backends);
        try {
            return options.listModels() ? listModels(catalog, options) : ask(catalog, options);
        } finally {
            catalog.close();
            for (ChatBackend backend : backends) {
                try {
                    backend.close();
                } catch (Exception ignored) {
                    // the process ends next
                }
            }
        }
    }

    private int listModels(ModelCatalog catalog, AskOptions options) {
        ModelCatalog.Listing listing = catalog.listing(settings.current(), true);
        if (options.json()) {
            write(JSON.toJson(new ChatModelsResult(listing.models(), listing.defaultModel())) + "\n");
            return 0;
        }
        StringBuilder out = new StringBuilder();
        for (ModelInfo model : listing.models()) {
            out.append(model.id).append('\t').append(model.status).append('\t').append(model.label)
                    .append(model.isDefault ? " (default)" : "")
                    .append(model.unavailableReason == null ? "" : "\t" + model.unavailableReason).append('\n');
        }
        write(out.toString());
        return 0;
    }

    private int ask(ModelCatalog catalog, AskOptions options) {
        String text = options.prompt();
        if (text.isBlank()) {
            try {
                text = new String(stdin.readAllBytes(), StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                stderr.println("chat-sidecar: cannot read the prompt from stdin: " + e.getMessage());
                return 2;
            }
        }
        if (text.isBlank()) {
            stderr.println("chat-sidecar: no prompt given (pass it as an argument or on stdin; see ask --help)");
            return 2;
        }
        StdoutSink sink = new StdoutSink(stdout, !options.json(), this::stdoutClosed);
        CompletionRun run = new CompletionRun(params(options, text), catalog, settings.current(), sink,
                line -> stderr.println("chat-sidecar: " + line));
        current = run;
        if (interrupted) {
            run.cancel();
        }
        try {
            ChatCompleteResult result = run.run();
            sink.finish();
            if (options.json()) {
                write(JSON.toJson(result) + "\n");
            }
            return 0;
        } catch (RequestFailure failure) {
            sink.finish();
            return failed(failure, sink, options);
        }
    }

    private int failed(RequestFailure failure, StdoutSink sink, AskOptions options) {
        if (sink.closed()) {
            return 0; // the reader went away (e.g. head): nothing to say, nobody to say it to
        }
        if (failure.type() == ErrorType.CANCELLED && interrupted) {
            stderr.println("chat-sidecar: interrupted; the partial answer above is kept");
            return INTERRUPTED;
        }
        if (options.json()) {
            JsonObject error = new JsonObject();
            error.add("error", JSON.toJsonTree(failure.data()));
            write(JSON.toJson(error) + "\n");
        }
        stderr.println("chat-sidecar: " + failure.type() + ": " + failure.data().message
                + (failure.data().hint == null ? "" : " Hint: " + failure.data().hint));
        return 1;
    }

    private static ChatCompleteParams params(AskOptions options, String prompt) {
        List<ChatMessage> messages = new ArrayList<>();
        if (options.system() != null) {
            messages.add(new ChatMessage(ChatMessage.SYSTEM, options.system()));
        }
        messages.add(ChatMessage.user(prompt));
        ChatCompleteParams params = new ChatCompleteParams();
        params.messages = messages;
        params.model = options.model();
        params.options = new GenerationOptions();
        params.options.temperature = options.temperature();
        params.options.maxTokens = options.maxTokens();
        return params;
    }

    /** stdout broke: stop the upstream at once. */
    private void stdoutClosed() {
        CompletionRun run = current;
        if (run != null) {
            run.cancel();
        }
    }

    private boolean write(String text) {
        try {
            stdout.write(text.getBytes(StandardCharsets.UTF_8));
            stdout.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
