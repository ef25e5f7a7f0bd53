package dev.chatsidecar.bench.driver;

import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The optional peer row (issue 17): GitHub's Copilot language server (npm
 * {@code @github/copilot-language-server}, installed by {@code scripts/bench.sh --peers} into a cache
 * directory; never needed by {@code --smoke}) started and measured like the sidecar: spawn →
 * {@code initialize} response, interleaved round by round with the Java hello world, the bare LSP4J
 * server and the sidecar (those three with the launcher flags + AppCDS, as the clients start the
 * sidecar), and RSS of the process tree (Node starts a native server as its child) right after
 * {@code initialize} and after {@link #IDLE_MS} idle. Start-up is stated as ratios first: absolute
 * milliseconds move 2–4× with the load on this machine, ratios of interleaved runs much less.
 */
final class PeerSection {
    static final String PACKAGE = "@github/copilot-language-server";
    static final long IDLE_MS = 5_000;

    private final BenchContext context;

    PeerSection(BenchContext context) {
        this.context = context;
    }

    void run(Report report) throws Exception {
        Path dir = context.options().peersDir();
        if (dir == null) {
            throw new IllegalStateException("the peers section needs --peers DIR (scripts/bench.sh --peers installs it)");
        }
        Path packageDir = dir.resolve("node_modules").resolve(PACKAGE);
        Path server = packageDir.resolve("dist/language-server.js");
        if (!Files.isRegularFile(server)) {
            throw new IllegalStateException(PACKAGE + " is not installed under " + dir + "; run scripts/bench.sh --peers");
        }
        String version = JsonParser.parseString(Files.readString(packageDir.resolve("package.json")))
                .getAsJsonObject().get("version").getAsString();
        Subject copilot = Subject.external("Copilot language server " + version, List.of("node", server.toString(), "--stdio"));
        LaunchProfile cds = context.ensureSidecarArchive();
        for (Subject subject : List.of(context.hello(), context.lsp4jEcho())) {
            if (!Files.isRegularFile(cds.archiveOf(subject))) {
                CdsArchive.create(subject, cds.flags(), cds.archiveOf(subject), context.sidecarEnvironment());
            }
        }
        List<Subject> subjects = List.of(context.hello(), context.lsp4jEcho(), context.sidecar(), copilot);
        int rounds = Math.max(2, context.options().rounds() / 2);
        Map<Subject, StartupBench.Result> results = new StartupBench(subjects, context.sidecarEnvironment()).run(cds, rounds);
        double hello = results.get(context.hello()).startupNanos().median();
        double echo = results.get(context.lsp4jEcho()).startupNanos().median();
        String area = "peers (start-up median of " + rounds + ", interleaved)";
        for (Subject subject : List.of(context.sidecar(), copilot)) {
            double startup = results.get(subject).startupNanos().median();
            report.info(area, subject.name() + ", spawn → initialize response", Report.times(startup / hello)
                    + " hello world, " + Report.times(startup / echo) + " bare LSP4J server (" + Report.ms(startup)
                    + "; hello world " + Report.ms(hello) + ", bare LSP4J " + Report.ms(echo) + ")");
        }
        report.info(area, "RSS after initialize (process tree): chat-sidecar / " + copilot.name(),
                Report.mb(results.get(context.sidecar()).rssKb().median()) + " / "
                        + Report.mb(results.get(copilot).rssKb().median()));
        report.info(area, "RSS " + IDLE_MS / 1000 + " s after initialize, idle (process tree): chat-sidecar / "
                + copilot.name(), Report.mb(idleRss(context.sidecar(), cds)) + " / " + Report.mb(idleRss(copilot, cds)));
    }

    private long idleRss(Subject subject, LaunchProfile profile) throws Exception {
        Map<String, String> env = new HashMap<>(context.sidecarEnvironment());
        try (JsonRpcChild child = JsonRpcChild.start(subject.command(profile.flagsFor(subject)), env)) {
            child.initialize(null);
            Thread.sleep(IDLE_MS); // idle on purpose: what an editor's language server costs while nobody asks
            return ProcStats.treeRssKb(child.pid());
        }
    }
}
