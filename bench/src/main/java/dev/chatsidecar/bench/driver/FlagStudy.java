package dev.chatsidecar.bench.driver;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Measures what each launcher flag does to the sidecar, adding them one at a time in the order of
 * {@link LauncherFlags#RECOMMENDED}: start-up (spawn → {@code initialize} response) and RSS after
 * {@code initialize}. It is the evidence behind the flags the clients use.
 */
final class FlagStudy {
    private final BenchDriver.BenchContext context;

    FlagStudy(BenchDriver.BenchContext context) {
        this.context = context;
    }

    void run(Report report) throws Exception {
        Subject sidecar = context.sidecar();
        StartupBench bench = new StartupBench(List.of(sidecar), context.sidecarEnvironment());
        int rounds = Math.max(1, context.options().rounds() * 2 / 3);
        List<String> flags = new ArrayList<>();
        List<List<String>> steps = steps();
        for (List<String> step : steps) {
            flags.addAll(step);
            LaunchProfile profile = new LaunchProfile(String.join(" ", flags), List.copyOf(flags), null);
            Map<Subject, StartupBench.Result> results = bench.run(profile, rounds);
            StartupBench.Result result = results.get(sidecar);
            report.info("flags (cumulative)", step.isEmpty() ? "(none)" : "+ " + String.join(" ", step),
                    Report.ms(result.startupNanos().median()) + ", RSS " + Report.mb(result.rssKb().median()));
        }
    }

    /** The recommended flags in groups, each group one step; the first step is "no flags". */
    static List<List<String>> steps() {
        List<List<String>> steps = new ArrayList<>();
        steps.add(List.of());
        List<String> logging = new ArrayList<>();
        for (String flag : LauncherFlags.RECOMMENDED) {
            if (flag.startsWith("-Xlog")) {
                logging.add(flag); // no effect on cost; one step
            } else if (flag.startsWith("-Xms") || flag.startsWith("-Xmx")) {
                if (!steps.isEmpty() && steps.get(steps.size() - 1).stream().anyMatch(f -> f.startsWith("-Xm"))) {
                    steps.get(steps.size() - 1).add(flag);
                } else {
                    steps.add(new ArrayList<>(List.of(flag)));
                }
            } else {
                steps.add(new ArrayList<>(List.of(flag)));
            }
        }
        if (!logging.isEmpty()) {
            steps.add(logging);
        }
        return steps;
    }
}
