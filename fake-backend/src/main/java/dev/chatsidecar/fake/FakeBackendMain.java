package dev.chatsidecar.fake;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the fake as a process. Prints one JSON line to stdout once listening
 * ({@code {"port":N,"baseUrl":"http://127.0.0.1:N","openaiBaseUrl":"http://127.0.0.1:N/v1"}});
 * logs go to stderr. Exits at end of stdin (so a dying parent takes it along) or on SIGTERM.
 */
public final class FakeBackendMain {
    static final String USAGE = String.join("\n",
            "usage: java -jar fake-backend.jar [options]",
            "  --port N             port on 127.0.0.1 (0 = any free port; default 0)",
            "  --latency-ms N       delay before every response's headers (default 0)",
            "  --chunk-delay-ms N   delay between stream events (default 0)",
            "  --mode 2024|2026     chatgpt.com API generation (default 2024): 2024 = one chat-requirements",
            "                       call and /backend-anon/conversation; 2026 = two-call sentinel, conduit,",
            "                       /backend-anon/f/conversation, 2025-26 stream events with reasoning;",
            "                       each mode answers 404 on the other's paths",
            "  --format v1|legacy   ChatGPT stream format in 2024 mode (default v1)",
            "  --difficulty HEX     proof-of-work difficulty (default 0fffff)",
            "  --no-proof-of-work   do not ask for (or check) proof of work",
            "  --challenge none|turnstile|arkose|so  challenge every requirements response demands",
            "  --api-key KEY        /v1 calls need 'Authorization: Bearer KEY'",
            "  --stall-max-ms N     longest silence of a [[stall]] stream (default 300000)",
            "  --seed N             seed of ids, tokens and proof-of-work seeds (default 1)",
            "  --no-compression     never gzip (default: gzip when Accept-Encoding allows it)",
            "  --quiet              no request log on stderr",
            "  --ignore-stdin       keep running at end of stdin (stop with SIGTERM)",
            "  --help               this text");

    private FakeBackendMain() {
    }

    public static void main(String[] args) {
        Parsed parsed;
        try {
            parsed = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("fake-backend: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        if (parsed.help) {
            System.out.println(USAGE);
            return;
        }
        FakeBackend server = FakeBackend.start(parsed.options);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "fake-backend-shutdown"));
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        out.println(readyLine(server.port()));
        out.flush();
        FakeLog.info("listening on " + server.baseUrl());
        if (parsed.ignoreStdin) {
            awaitQuietly(stopped);
        } else {
            drain(System.in);
            FakeLog.info("stdin closed: stopping");
            server.close();
            System.exit(0);
        }
    }

    /** The one line printed when listening. */
    static String readyLine(int port) {
        String base = "http://127.0.0.1:" + port;
        return "{\"port\":" + port + ",\"baseUrl\":\"" + base + "\",\"openaiBaseUrl\":\"" + base + "/v1\"}";
    }

    /** Parsed command line. */
    static final class Parsed {
        final FakeBackend.Options options = new FakeBackend.Options().logRequests(true);
        boolean ignoreStdin;
        boolean help;
    }

    static Parsed parse(String[] args) {
        Parsed parsed = new Parsed();
        FakeBackend.Options options = parsed.options;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--port": options.port((int) number(args, ++i, arg)); break;
                case "--latency-ms": options.latencyMs(number(args, ++i, arg)); break;
                case "--chunk-delay-ms": options.chunkDelayMs(number(args, ++i, arg)); break;
                case "--stall-max-ms": options.stallMaxMs(number(args, ++i, arg)); break;
                case "--seed": options.randomSeed(number(args, ++i, arg)); break;
                case "--format": options.format(format(value(args, ++i, arg))); break;
                case "--mode": options.mode(mode(value(args, ++i, arg))); break;
                case "--difficulty": options.difficulty(difficulty(value(args, ++i, arg))); break;
                case "--challenge": options.challenge(challenge(value(args, ++i, arg))); break;
                case "--api-key": options.apiKey(value(args, ++i, arg)); break;
                case "--no-proof-of-work": options.requireProofOfWork(false); break;
                case "--no-compression": options.compression(false); break;
                case "--quiet": options.logRequests(false); break;
                case "--ignore-stdin": parsed.ignoreStdin = true; break;
                case "--help": case "-h": parsed.help = true; break;
                default: throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        return parsed;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static long number(String[] args, int i, String option) {
        String text = value(args, i, option);
        try {
            long n = Long.parseLong(text);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a non-negative number, got " + text);
        }
    }

    private static FakeBackend.Format format(String text) {
        switch (text.toLowerCase(Locale.ROOT)) {
            case "v1": return FakeBackend.Format.V1;
            case "legacy": return FakeBackend.Format.LEGACY;
            default: throw new IllegalArgumentException("--format must be v1 or legacy, got " + text);
        }
    }

    private static FakeBackend.Mode mode(String text) {
        switch (text) {
            case "2024": return FakeBackend.Mode.Y2024;
            case "2026": return FakeBackend.Mode.Y2026;
            default: throw new IllegalArgumentException("--mode must be 2024 or 2026, got " + text);
        }
    }

    private static String difficulty(String text) {
        if (!text.matches("[0-9a-f]{1,128}")) {
            throw new IllegalArgumentException("--difficulty must be lowercase hex, got " + text);
        }
        return text;
    }

    private static FakeBackend.Challenge challenge(String text) {
        try {
            return FakeBackend.Challenge.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--challenge must be none, turnstile, arkose or so, got " + text);
        }
    }

    private static void drain(InputStream in) {
        byte[] buffer = new byte[4096];
        try {
            while (in.read(buffer) >= 0) {
                // only the end of stdin matters
            }
        } catch (IOException e) {
            // a broken stdin counts as its end
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
