package dev.chatsidecar.bench.driver;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the JMH micro-benchmarks of {@code dev.chatsidecar.bench.jmh} (SSE reader, stream decoder,
 * frame writer, and the three together) in forked JVMs started with the launcher flags, and adds one
 * row per benchmark. JMH's own progress output goes to {@code bench/target/bench-work/jmh.log}.
 */
final class JmhSection {
    private final BenchContext context;

    JmhSection(BenchContext context) {
        this.context = context;
    }

    void run(Report report) throws Exception {
        boolean smoke = context.smoke();
        List<String> jvmFlags = LauncherFlags.RECOMMENDED.stream().filter(f -> !f.startsWith("-Xlog"))
                .collect(Collectors.toList());
        String log = context.work().resolve("jmh.log").toString();
        Options options = new OptionsBuilder()
                .include("dev\\.chatsidecar\\.bench\\.jmh\\..*")
                .forks(smoke ? 1 : 2)
                .warmupIterations(smoke ? 1 : 3)
                .warmupTime(TimeValue.milliseconds(smoke ? 200 : 1000))
                .measurementIterations(smoke ? 1 : 5)
                .measurementTime(TimeValue.milliseconds(smoke ? 200 : 1000))
                .jvmArgsAppend(jvmFlags.toArray(new String[0]))
                .shouldFailOnError(true)
                .output(log)
                .build();
        Collection<RunResult> results = new Runner(options).run();
        if (results.isEmpty()) {
            throw new IllegalStateException("JMH ran no benchmark; see " + log);
        }
        List<RunResult> sorted = new ArrayList<>(results);
        sorted.sort((a, b) -> label(a).compareTo(label(b)));
        for (RunResult result : sorted) {
            double score = result.getPrimaryResult().getScore();
            double error = result.getPrimaryResult().getScoreError();
            String unit = result.getPrimaryResult().getScoreUnit();
            String value = Double.isNaN(error)
                    ? String.format(Locale.ROOT, "%.0f %s", score, unit)
                    : String.format(Locale.ROOT, "%.0f ± %.0f %s", score, error, unit);
            report.info("micro (JMH, C1 + launcher flags)", label(result), value);
        }
        report.note("JMH: " + (smoke ? "smoke settings (1 fork, 1 × 200 ms)" : "2 forks × 5 × 1 s after 3 × 1 s warm-up")
                + "; the writer and pipeline benchmarks include a thread hand-off per frame, so they vary with the load on "
                + "the machine. Details: " + log);
    }

    private static String label(RunResult result) {
        String benchmark = result.getParams().getBenchmark();
        String name = benchmark.substring("dev.chatsidecar.bench.jmh.".length());
        List<String> params = new ArrayList<>();
        for (String key : result.getParams().getParamsKeys()) {
            params.add(key + "=" + result.getParams().getParam(key));
        }
        return params.isEmpty() ? name : name + " (" + String.join(", ", params) + ")";
    }
}
