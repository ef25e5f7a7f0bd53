package dev.chatsidecar.server;

import dev.chatsidecar.server.acp.AcpServer;
import dev.chatsidecar.server.backend.ChatBackend;
import dev.chatsidecar.server.chatgpt.ChatGptBackend;
import dev.chatsidecar.server.cli.AskCommand;
import dev.chatsidecar.server.local.LocalChatBackend;
import dev.chatsidecar.server.log.Log;
import dev.chatsidecar.server.openai.OpenAiBackend;
import dev.chatsidecar.server.rpc.StdioServer;
import dev.chatsidecar.server.settings.SettingKey;
import dev.chatsidecar.server.settings.SettingsStore;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Entry point: the stdio JSON-RPC server (default), the ACP server ({@code --acp}), or {@code ask}, {@code --help}, {@code --version}. */
public final class Main {
    static final String USAGE = String.join("\n",
            "Usage: java -jar chat-sidecar.jar [--stdio]",
            "       java -jar chat-sidecar.jar --acp",
            "       java -jar chat-sidecar.jar ask [-m MODEL] [-s SYSTEM] [--temperature T] [--max-tokens N]",
            "                                      [--json] [--list-models] [--] [PROMPT...]",
            "       java -jar chat-sidecar.jar --version | --help",
            "",
            "With no arguments (or --stdio) the sidecar serves JSON-RPC 2.0 over stdin/stdout,",
            "framed with Content-Length headers as in LSP. See docs/protocol.md.",
            "",
            "--acp speaks the Agent Client Protocol over stdin/stdout instead (newline-delimited",
            "JSON-RPC), for Zed, JetBrains IDEs, codecompanion.nvim, agent-shell. See docs/acp.md.",
            "",
            "ask streams one answer to stdout; without PROMPT it reads the prompt from stdin.",
            "It exits 0 on success, 1 when the request fails (one line on stderr), 2 on bad usage,",
            "130 on Ctrl-C (the partial answer is kept). ask --help lists its options.",
            "",
            "Settings come from the environment, e.g. CHAT_SIDECAR_CHATGPT_BASE_URL, OPENAI_BASE_URL,",
            "OPENAI_API_KEY, CHAT_SIDECAR_LOCAL_MODEL, CHAT_SIDECAR_FALLBACK, HTTPS_PROXY,",
            "CHAT_SIDECAR_CA_FILE, CHAT_SIDECAR_LOG (error|warn|info|debug|trace), CHAT_SIDECAR_LOG_FILE.",
            "");

    private Main() {
    }

    public static void main(String[] args) {
        // stdout belongs to the protocol (or to the answer of `ask`): anything else printed by
        // library code through System.out goes to stderr instead.
        OutputStream stdout = new FileOutputStream(FileDescriptor.out);
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
        System.exit(run(Arrays.asList(args), stdout));
    }

    static int run(List<String> args, OutputStream stdout) {
        boolean serve = args.isEmpty() || (args.size() == 1 && args.get(0).equals("--stdio"));
        boolean acp = args.size() == 1 && args.get(0).equals("--acp");
        BackendsInBackground backends = serve || acp ? BackendsInBackground.launch() : null;
        SettingsStore settings = new SettingsStore(System.getenv());
        boolean ask = !serve && args.get(0).equals("ask");
        if (ask && !settings.current().isSet(SettingKey.LOG_LEVEL)) {
            // ask's stderr is for the user: chat-sidecar: lines for warnings, not the server's info log
            Log.usePlainLines(true);
        }
        configureLogging(settings, ask ? "warn" : null);
        if (serve) {
            IdleMemoryReturn.startInBackground(); // memory back to the system when idle, whatever the JVM flags
            StdioServer server = new StdioServer(new java.io.BufferedInputStream(new FileInputStream(FileDescriptor.in)),
                    new java.io.BufferedOutputStream(stdout, 1 << 16),
                    backends.await(), settings, System::exit);
            server.run(System::exit);
            return 0;
        }
        if (acp) {
            new AcpServer(new java.io.BufferedInputStream(new FileInputStream(FileDescriptor.in)),
                    new java.io.BufferedOutputStream(stdout, 1 << 16), backends.await(), settings, System::exit).run();
            return 0;
        }
        String first = args.get(0);
        switch (first) {
            case "--help", "-h", "help" -> {
                writeQuietly(stdout, USAGE);
                return 0;
            }
            case "--version", "-V" -> {
                writeQuietly(stdout, "chat-sidecar " + Version.get() + "\n");
                return 0;
            }
            case "ask" -> {
                AskCommand command = new AskCommand(settings, standardBackends(), stdout, System.in);
                InterruptHandler.install(command);
                return command.run(args.subList(1, args.size()));
            }
            default -> {
                System.err.println("chat-sidecar: unknown argument \"" + first + "\"; try --help");
                return 2;
            }
        }
    }

    /**
     * The backends a production sidecar serves, in the order {@code chat/models} lists them. The one
     * place that names the concrete backends: everything else sees {@link ChatBackend}.
     */
    static List<ChatBackend> standardBackends() {
        List<ChatBackend> backends = new ArrayList<>();
        backends.add(new ChatGptBackend());
        backends.add(new OpenAiBackend());
        backends.add(new LocalChatBackend());
        return backends;
    }

    /** @param quietLevel the level to use unless {@code log.level} is set ({@code null}: the setting's default) */
    private static void configureLogging(SettingsStore settings, String quietLevel) {
        Log.captureJavaUtilLogging();
        boolean levelSet = settings.current().isSet(SettingKey.LOG_LEVEL);
        Log.setLevel(quietLevel != null && !levelSet ? quietLevel : settings.current().string(SettingKey.LOG_LEVEL));
        String file = settings.current().string(SettingKey.LOG_FILE);
        if (file != null) {
            try {
                Log.setFile(file);
            } catch (IOException e) {
                Log.get(Main.class).warn("cannot open log file " + file + ": " + e.getMessage());
            }
        }
        for (String problem : settings.current().environmentProblems()) {
            Log.get(Main.class).warn("ignoring an environment value (its default applies): " + problem);
        }
    }

    /**
     * Builds {@link #standardBackends()} on a second thread. The backends' constructors (time zone,
     * secure random, HTTP and proof-of-work set-up: about a tenth of start-up) then overlap with the
     * logging set-up on the main thread instead of adding to the time before the first answer.
     * A plain thread rather than an executor or a lambda: both would cost start-up time of their own.
     */
    private static final class BackendsInBackground extends Thread {
        private List<ChatBackend> backends;
        private Throwable failure;

        private BackendsInBackground() {
            super("backends-setup");
            setDaemon(true);
        }

        static BackendsInBackground launch() {
            BackendsInBackground thread = new BackendsInBackground();
            thread.start();
            return thread;
        }

        @Override
        public void run() {
            try {
                backends = standardBackends();
            } catch (Throwable t) {
                failure = t;
            }
        }

        /** The backends, or what their construction threw, as if built on the calling thread. */
        List<ChatBackend> await() {
            boolean interrupted = false;
            while (isAlive()) {
                try {
                    join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            if (failure instanceof RuntimeException e) {
                throw e;
            }
            if (failure instanceof Error e) {
                throw e;
            }
            return backends;
        }
    }

    private static void writeQuietly(OutputStream out, String text) {
        try {
            out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException ignored) {
            // nothing to do when stdout is gone
        }
    }
}
