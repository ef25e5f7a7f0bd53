package dev.chatsidecar.server.cli;

import dev.chatsidecar.protocol.ChatCompleteParams;
import dev.chatsidecar.protocol.ChatMessage;
import dev.chatsidecar.protocol.GenerationOptions;
import dev.chatsidecar.server.backend.ChatBackend;
import dev.chatsidecar.server.backend.ModelCatalog;
import dev.chatsidecar.server.chat.CompletionRun;
import dev.chatsidecar.server.chat.ProgressSink;
import dev.chatsidecar.server.chat.RequestFailure;
import dev.chatsidecar.server.settings.SettingsStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code ask [--model M] [PROMPT]}: one request through the same pipeline as {@code chat/complete},
 * its answer streamed to stdout; failures are one line on stderr and a non-zero exit code.
 */
public final class AskCommand {
    private final SettingsStore settings;
    private final List<ChatBackend> backends;
    private final OutputStream stdout;
    private final InputStream stdin;
    private final PrintStream stderr = System.err;

    public AskCommand(SettingsStore settings, List<ChatBackend> backends, OutputStream stdout, InputStream stdin) {
        this.settings = settings;
        this.backends = backends;
        this.stdout = stdout;
        this.stdin = stdin;
    }

    /** Runs with the arguments after {@code ask}; returns the exit code. */
    public int run(List<String> args) {
        String model = null;
        StringBuilder prompt = new StringBuilder();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--model") || arg.equals("-m")) {
                if (i + 1 >= args.size()) {
                    stderr.println("chat-sidecar: --model needs a model id (see chat/models)");
                    return 2;
                }
                model = args.get(++i);
            } else if (arg.startsWith("--model=")) {
                model = arg.substring("--model=".length());
            } else {
                if (prompt.length() > 0) {
                    prompt.append(' ');
                }
                prompt.append(arg);
            }
        }
        String text = prompt.toString();
        if (text.isBlank()) {
            try {
                text = new String(stdin.readAllBytes(), StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                stderr.println("chat-sidecar: cannot read the prompt from stdin: " + e.getMessage());
                return 2;
            }
        }
        if (text.isBlank()) {
            stderr.println("chat-sidecar: no prompt given (pass it as an argument or on stdin)");
            return 2;
        }
        ChatCompleteParams params = new ChatCompleteParams();
        params.messages = List.of(ChatMessage.user(text));
        params.model = model;
        params.options = new GenerationOptions();
        StdoutSink sink = new StdoutSink();
        CompletionRun run = new CompletionRun(params, new ModelCatalog(backends), settings.current(), sink,
                line -> stderr.println("chat-sidecar: " + line));
        try {
            run.run();
            sink.finish();
            return 0;
        } catch (RequestFailure failure) {
            sink.finish();
            stderr.println("chat-sidecar: " + failure.type() + ": " + failure.data().message
                    + (failure.data().hint == null ? "" : " Hint: " + failure.data().hint));
            return 1;
        } finally {
            for (ChatBackend backend : backends) {
                try {
                    backend.close();
                } catch (Exception ignored) {
                    // the process ends next
                }
            }
        }
    }

    /** Writes each delta to stdout as it arrives. */
    private final class StdoutSink implements ProgressSink {
        private boolean wroteText;
        private boolean endsWithNewline;

        @Override
        public void begin(String model) {
        }

        @Override
        public synchronized void report(String delta) {
            try {
                stdout.write(delta.getBytes(StandardCharsets.UTF_8));
                stdout.flush();
                wroteText = true;
                endsWithNewline = delta.endsWith("\n");
            } catch (IOException e) {
                // stdout closed (e.g. piped into head): keep going quietly
            }
        }

        @Override
        public void end(String finishReason) {
        }

        synchronized void finish() {
            if (wroteText && !endsWithNewline) {
                report("\n");
            }
        }
    }
}
