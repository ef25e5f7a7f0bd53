package dev.chatsidecar.bench.driver;

import java.util.List;
import java.util.Map;

/**
 * Reports start-up time and RSS after {@code initialize} for the sidecar and its comparison lines
 * under three profiles: no flags, the launcher flags, and the launcher flags with an AppCDS archive
 * (what the clients run from the second start on). The targets are judged on the last profile.
 */
final class StartupSection {
    static final double STARTUP_TARGET_MS = 250;
    static final double STARTUP_TARGET_RATIO = 2.5;
    static final double RSS_TARGET_MB = 64;

    private final BenchContext context;

    StartupSection(BenchContext context) {
        this.context = context;
    }

    void run(Report report) throws Exception {
        List<Subject> subjects = List.of(context.hello(), context.lsp4jEcho(), context.sidecar());
        StartupBench bench = new StartupBench(subjects, context.sidecarEnvironment());
        int rounds = context.options().rounds();

        LaunchProfile cds = context.ensureSidecarArchive();
        CdsArchive.Training training = context.archiveTraining();
        report.info("startup", "chat-sidecar's first session, with -XX:ArchiveClassesAtExit: shutdown → exit incl. "
                + "writing the archive (" + java.nio.file.Files.size(cds.archiveOf(context.sidecar())) / 1024 / 1024
                + " MB)", Report.ms(training.exitNanos()));
        for (Subject subject : List.of(context.hello(), context.lsp4jEcho())) {
            CdsArchive.create(subject, cds.flags(), cds.archiveOf(subject), context.sidecarEnvironment());
        }
        for (LaunchProfile profile : List.of(LaunchProfile.plain(), LaunchProfile.tuned(), cds)) {
            Map<Subject, StartupBench.Result> results = bench.run(profile, rounds);
            double hello = results.get(context.hello()).startupNanos().median();
            double echo = results.get(context.lsp4jEcho()).startupNanos().median();
            double sidecar = results.get(context.sidecar()).startupNanos().median();
            String area = "startup: " + profile.name();
            report.info(area, "Java hello world, spawn → output (median of " + rounds + ")", Report.ms(hello));
            report.info(area, "bare LSP4J server, spawn → initialize response", Report.ms(echo));
            String value = Report.ms(sidecar) + " (" + Report.times(sidecar / hello) + " hello world, p90 "
                    + Report.ms(results.get(context.sidecar()).startupNanos().percentile(90)) + ")";
            double echoRss = results.get(context.lsp4jEcho()).rssKb().median();
            double sidecarRss = results.get(context.sidecar()).rssKb().median();
            if (profile == cds) {
                boolean met = sidecar / 1e6 <= STARTUP_TARGET_MS && sidecar / hello <= STARTUP_TARGET_RATIO;
                report.judged(area, "chat-sidecar, spawn → initialize response", value,
                        "≤ " + (int) STARTUP_TARGET_MS + " ms and ≤ " + STARTUP_TARGET_RATIO + "× hello world", met);
                report.info(area, "bare LSP4J server, RSS after initialize", Report.mb(echoRss));
                report.judged(area, "chat-sidecar, RSS after initialize", Report.mb(sidecarRss),
                        "≤ " + (int) RSS_TARGET_MB + " MB", sidecarRss / 1024 <= RSS_TARGET_MB);
            } else {
                report.info(area, "chat-sidecar, spawn → initialize response", value);
                report.info(area, "RSS after initialize: bare LSP4J / chat-sidecar",
                        Report.mb(echoRss) + " / " + Report.mb(sidecarRss));
            }
        }
    }
}
