package dev.chatsidecar.bench.driver;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Measures what each launcher flag does to the sidecar, adding them one at a time in the order of
 * {@link LauncherFlags#RECOMMENDED} and then the AppCDS archive: start-up (spawn → {@code initialize}
 * response), RSS after {@code initialize}, and the peak RSS of the same process while it streams 10
 * answers at once from the fake backend. It is the evidence behind the flags the clients use.
 */
final class FlagStudy {
    /** The last step: the launcher flags plus the sidecar's AppCDS archive. */
    private static final List<String> APP_CDS = List.of("<AppCDS>");

    private final BenchContext context;

    FlagStudy(BenchContext context) {
        this.context = context;
    }

    void run(Report report) throws Exception {
        Subject sidecar = context.sidecar();
        StartupBench bench = new StartupBench(List.of(sidecar), context.sidecarEnvironment());
        int rounds = Math.max(1, context.options().rounds() * 2 / 3);
        int pieces = context.smoke() ? 20 : 200;
        LaunchProfile cds = context.ensureSidecarArchive();
        List<String> flags = new ArrayList<>();
        try (FakeBackendProcess fake = context.startFake(List.of("--chunk-delay-ms", "2"))) {
            for (List<String> step : steps()) {
                List<String> profileFlags;
                String name;
                if (step.equals(APP_CDS)) {
                    profileFlags = cds.flagsFor(sidecar);
                    name = "+ AppCDS archive (-XX:SharedArchiveFile)";
                } else {
                    flags.addAll(step);
                    profileFlags = new ArrayList<>(flags);
                    name = step.isEmpty() ? "(none)" : "+ " + String.join(" ", step);
                }
                LaunchProfile profile = new LaunchProfile(name, profileFlags, null);
                Map<Subject, StartupBench.Result> results = bench.run(profile, rounds);
                StartupBench.Result result = results.get(sidecar);
                long[] streaming = streamingRss(profileFlags, fake.baseUrl(), pieces);
                report.info("flags (cumulative)", name, Report.ms(result.startupNanos().median()) + ", RSS "
                        + Report.mb(result.rssKb().median()) + "; streaming 10: peak " + Report.mb(streaming[1]) + " (+"
                        + Report.mb(streaming[1] - streaming[0]) + ")");
            }
        }
    }

    /** {RSS after initialize, peak RSS after 10 concurrent answers of {@code pieces} pieces} in kB. */
    private long[] streamingRss(List<String> flags, String baseUrl, int pieces) throws Exception {
        Map<String, String> env = new java.util.HashMap<>(context.sidecarEnvironment());
        env.put("CHAT_SIDECAR_CHATGPT_BASE_URL", baseUrl);
        try (JsonRpcChild child = JsonRpcChild.start(context.sidecar().command(flags), env)) {
            child.initialize(null);
            long afterInit = ProcStats.rssKb(child.pid());
            ChatClient chat = new ChatClient(child);
            List<ChatClient.Run> runs = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                runs.add(chat.start("[[chunks:" + pieces + "]] flags " + i));
            }
            chat.awaitAll(runs, 120_000, null);
            for (ChatClient.Run run : runs) {
                run.checkSucceeded();
            }
            long peak = ProcStats.peakRssKb(child.pid());
            child.shutdown();
            return new long[] {afterInit, peak};
        }
    }

    /** The recommended flags in groups, each group one step; the first step is "no flags", the last AppCDS. */
    static List<List<String>> steps() {
        List<List<String>> steps = new ArrayList<>();
        steps.add(List.of());
        List<String> logging = new ArrayList<>();
        for (String flag : LauncherFlags.RECOMMENDED) {
            if (flag.startsWith("-Xlog")) {
                logging.add(flag); // routing only; one step
            } else if (flag.startsWith("-Xms") || flag.startsWith("-Xmx")) {
                if (steps.get(steps.size() - 1).stream().anyMatch(f -> f.startsWith("-Xm"))) {
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
        steps.add(APP_CDS);
        return steps;
    }
}
