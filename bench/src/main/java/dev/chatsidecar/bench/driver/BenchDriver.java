package dev.chatsidecar.bench.driver;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The end-to-end benchmark: spawns the real {@code server/target/chat-sidecar.jar} (and its comparison
 * lines) and prints one Markdown table. {@code scripts/bench.sh} runs it after the JMH benchmarks.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.chatsidecar.bench.driver.BenchDriver [--smoke] [--rounds N]
 *      [--sections startup,flags,stream,ttft,cancel] [--root DIR]
 * </pre>
 * {@code --smoke} runs every section with the fewest iterations that still exercise it; it proves the
 * harness works and judges no number (the exit code reflects only harness failures).
 */
public final class BenchDriver {
    static final Set<String> ALL_SECTIONS = new LinkedHashSet<>(List.of("startup", "flags", "stream", "ttft", "cancel"));

    private BenchDriver() {
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        BenchContext context = BenchContext.create(options);
        Report report = new Report();
        List<String> failures = new ArrayList<>();
        for (String section : options.sections()) {
            System.err.println("== bench: " + section + (options.smoke() ? " (smoke)" : ""));
            try {
                switch (section) {
                    case "startup" -> new StartupSection(context).run(report);
                    case "flags" -> new FlagStudy(context).run(report);
                    default -> throw new IllegalArgumentException("unknown section " + section);
                }
            } catch (Exception e) {
                failures.add(section + ": " + e);
                e.printStackTrace();
            }
        }
        System.out.println();
        System.out.println(context.machine());
        System.out.println();
        report.print(System.out);
        if (!failures.isEmpty()) {
            System.err.println("bench: the harness failed in " + failures);
            System.exit(1);
        }
    }

    /** Command-line options. */
    record Options(boolean smoke, int rounds, List<String> sections, Path root) {
        static Options parse(String[] args) {
            boolean smoke = false;
            int rounds = -1;
            List<String> sections = new ArrayList<>(ALL_SECTIONS);
            Path root = Path.of("").toAbsolutePath();
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--smoke" -> smoke = true;
                    case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                    case "--sections" -> sections = new ArrayList<>(Arrays.asList(args[++i].split(",")));
                    case "--root" -> root = Path.of(args[++i]).toAbsolutePath();
                    default -> throw new IllegalArgumentException("unknown argument " + args[i]
                            + "; use --smoke, --rounds N, --sections " + String.join(",", ALL_SECTIONS) + ", --root DIR");
                }
            }
            if (rounds < 0) {
                rounds = smoke ? 2 : 15;
            }
            return new Options(smoke, rounds, sections, root);
        }
    }

    /** The jars, the work directory and the environment every spawned sidecar gets. */
    record BenchContext(Options options, Subject sidecar, Subject lsp4jEcho, Subject hello, Path work,
                        Map<String, String> sidecarEnv) {
        static BenchContext create(Options options) throws Exception {
            Path root = options.root();
            Subject sidecar = new Subject("chat-sidecar", existing(root.resolve("server/target/chat-sidecar.jar")), true);
            Subject echo = new Subject("bare LSP4J server", existing(root.resolve("bench/target/lsp4j-echo.jar")), true);
            Subject hello = new Subject("Java hello world", existing(root.resolve("bench/target/hello.jar")), false);
            Path work = root.resolve("bench/target/bench-work");
            Files.createDirectories(work);
            Map<String, String> env = new HashMap<>();
            // nothing of the user's configuration leaks in; upstreams point at a closed local port
            // unless a section starts the fake backend
            env.put("CHAT_SIDECAR_CHATGPT_BASE_URL", "http://127.0.0.1:9");
            env.put("OPENAI_BASE_URL", "http://127.0.0.1:9/v1");
            env.put("CHAT_SIDECAR_LOG", "warn");
            env.put("XDG_CACHE_HOME", work.resolve("cache").toString());
            env.put("XDG_CONFIG_HOME", work.resolve("config").toString());
            return new BenchContext(options, sidecar, echo, hello, work, env);
        }

        /** The environment for a spawned sidecar, with nothing inherited that configures it. */
        Map<String, String> sidecarEnvironment() {
            return sidecarEnv;
        }

        String machine() {
            return "machine: " + Runtime.getRuntime().availableProcessors() + " CPUs, "
                    + MachineInfo.memoryTotal() + " RAM (" + MachineInfo.cpuModel() + "), Java " + System.getProperty("java.vm.version")
                    + " (" + System.getProperty("java.vm.name") + ")";
        }

        private static Path existing(Path jar) {
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(jar + " is missing; build with: mvn -B -q package -DskipTests");
            }
            return jar;
        }
    }
}
