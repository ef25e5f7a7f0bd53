package dev.chatsidecar.bench.driver;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The benchmark harness: spawns the real {@code server/target/chat-sidecar.jar} (and its comparison
 * lines, and the fake backend), runs the JMH micro-benchmarks, and prints one Markdown table.
 * {@code scripts/bench.sh} builds and runs it; docs/benchmarks.md explains every row.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.chatsidecar.bench.driver.BenchDriver [--smoke] [--rounds N]
 *      [--sections startup,flags,stream,ttft,cancel,local,memory,micro,peers] [--root DIR] [--peers DIR]
 * </pre>
 * {@code --smoke} runs every section with the fewest iterations that still exercise it; it proves the
 * harness works and judges no number (the exit code reflects only harness failures). {@code --peers DIR}
 * (a directory where npm installed the Copilot language server) adds the optional {@code peers} section.
 */
public final class BenchDriver {
    static final Set<String> ALL_SECTIONS = new LinkedHashSet<>(
            List.of("startup", "flags", "stream", "ttft", "cancel", "local", "memory", "micro"));

    private BenchDriver() {
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        String loadAtStart = MachineInfo.loadAverage();
        Report report = new Report();
        List<String> failures = new ArrayList<>();
        BenchContext context = BenchContext.create(options);
        for (String section : options.sections()) {
            System.err.println("== bench: " + section + (options.smoke() ? " (smoke)" : ""));
            try {
                switch (section) {
                    case "startup" -> new StartupSection(context).run(report);
                    case "flags" -> new FlagStudy(context).run(report);
                    case "stream" -> new StreamSection(context).run(report);
                    case "ttft" -> new TtftSection(context).run(report);
                    case "cancel" -> new CancelSection(context).run(report);
                    case "local" -> new LocalSection(context).run(report);
                    case "memory" -> new MemorySection(context).run(report);
                    case "peers" -> new PeerSection(context).run(report);
                    case "micro" -> new JmhSection(context).run(report);
                    default -> throw new IllegalArgumentException("unknown section " + section);
                }
            } catch (Exception | AssertionError e) {
                failures.add(section + ": " + e);
                e.printStackTrace();
            }
        }
        context.close();
        System.out.println();
        System.out.println(context.machine());
        System.out.println("load average (1/5/15 min): " + loadAtStart + " at start, " + MachineInfo.loadAverage()
                + " at end");
        System.out.println("launcher flags: " + String.join(" ", LauncherFlags.RECOMMENDED));
        System.out.println();
        report.print(System.out);
        if (!failures.isEmpty()) {
            System.err.println("bench: the harness failed in " + failures);
            System.exit(1);
        }
        System.exit(0);
    }

    /** Command-line options. */
    record Options(boolean smoke, int rounds, List<String> sections, Path root, Path peersDir) {
        static Options parse(String[] args) {
            boolean smoke = false;
            Path peersDir = null;
            int rounds = -1;
            List<String> sections = new ArrayList<>(ALL_SECTIONS);
            Path root = Path.of("").toAbsolutePath();
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--smoke" -> smoke = true;
                    case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                    case "--sections" -> sections = new ArrayList<>(Arrays.asList(args[++i].split(",")));
                    case "--root" -> root = Path.of(args[++i]).toAbsolutePath();
                    case "--peers" -> peersDir = Path.of(args[++i]).toAbsolutePath();
                    default -> throw new IllegalArgumentException("unknown argument " + args[i]
                            + "; use --smoke, --rounds N, --sections " + String.join(",", ALL_SECTIONS)
                            + ",peers, --root DIR, --peers DIR");
                }
            }
            if (peersDir != null && !sections.contains("peers")) {
                sections.add(sections.indexOf("startup") + 1, "peers");
            }
            if (rounds < 0) {
                rounds = smoke ? 2 : 15;
            }
            return new Options(smoke, rounds, sections, root, peersDir);
        }
    }
}
