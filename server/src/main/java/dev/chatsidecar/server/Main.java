package dev.chatsidecar.server;

import dev.chatsidecar.server.acp.AcpServer;
import dev.chatsidecar.server.backend.Backends;
import dev.chatsidecar.server.backend.ChatBackend;
import dev.chatsidecar.server.cli.AskCommand;
import dev.chatsidecar.server.log.Log;
import dev.chatsidecar.server.rpc.StdioServer;
import dev.chatsidecar.server.settings.SettingKey;
import dev.chatsidecar.server.settings.SettingsStore;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/** Entry point: the stdio JSON-RPC server (default), or {@code ask}, {@code --help}, {@code --version}. */
public final class Main {
    static final String USAGE = String.join("\n",
            "Usage: java -jar chat-sidecar.jar [--stdio]",
            "       java -jar chat-sidecar.jar --acp",
            "       java -jar chat-sidecar.jar ask [--model MODEL] [PROMPT]",
            "       java -jar chat-sidecar.jar --version | --help",
            "",
            "With no arguments (or --stdio) the sidecar serves JSON-RPC 2.0 over stdin/stdout,",
            "framed with Content-Length headers as in LSP. See docs/protocol.md.",
            "",
            "--acp speaks the Agent Client Protocol over stdin/stdout instead (newline-delimited",
            "JSON-RPC), for Zed, JetBrains IDEs, codecompanion.nvim, agent-shell. See docs/acp.md.",
            "",
            "ask streams one answer to stdout; without PROMPT it reads the prompt from stdin.",
            "It exits 0 on success, 1 when the request fails (one line on stderr), 2 on bad usage.",
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
        configureLogging(settings);
        if (serve) {
            StdioServer server = new StdioServer(new java.io.BufferedInputStream(new FileInputStream(FileDescriptor.in)),
                    new java.io.BufferedOutputStream(stdout, 1 << 16),
                    backends.await(), settings, System::exit);
            server.run(System::exit);
            return 0;
        }
        if (acp) {
            return new AcpServer(new java.io.BufferedInputStream(new FileInputStream(FileDescriptor.in)),
                    new java.io.BufferedOutputStream(stdout, 1 << 16), backends.await(), settings).run();
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
                if (!settings.current().isSet(SettingKey.LOG_LEVEL)) {
                    // ask's stderr is for the user: one line per failure or fallback, not the server's info log
                    Log.setLevel("warn");
                }
                return new AskCommand(settings, Backends.standard(), stdout, System.in).run(args.subList(1, args.size()));
            }
            default -> {
                System.err.println("chat-sidecar: unknown argument \"" + first + "\"; try --help");
                return 2;
            }
        }
    }

    private static void configureLogging(SettingsStore settings) {
        Log.captureJavaUtilLogging();
        Log.setLevel(settings.current().string(SettingKey.LOG_LEVEL));
        String file = settings.current().string(SettingKey.LOG_FILE);
        if (file != null) {
            try {
                Log.setFile(file);
            } catch (IOException e) {
                Log.get(Main.class).warn("cannot open log file " + file + ": " + e.getMessage());
            }
        }
        String problem = settings.current().environmentProblem();
        if (problem != null) {
            Log.get(Main.class).warn("ignoring the environment's settings, using the defaults: " + problem);
        }
    }

    /**
     * Builds {@link Backends#standard()} on a second thread. The backends' constructors (time zone,
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
                backends = Backends.standard();
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
