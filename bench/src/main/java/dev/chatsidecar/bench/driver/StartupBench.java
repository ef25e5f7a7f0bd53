package dev.chatsidecar.bench.driver;

import com.google.gson.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Start-up and idle memory: spawn → {@code initialize} response of the sidecar, the bare LSP4J server
 * and spawn → output of a hello world, each started with the same JVM profile, interleaved round by
 * round so that load from other processes on the machine hits all of them alike. RSS (of the process
 * and its children) is read from {@code /proc} right after the {@code initialize} response.
 */
public final class StartupBench {
    /** Results of one subject under one profile. */
    public record Result(Samples startupNanos, Samples rssKb) {
    }

    private final List<Subject> subjects;
    private final Map<String, String> env;

    public StartupBench(List<Subject> subjects, Map<String, String> env) {
        this.subjects = subjects;
        this.env = env;
    }

    /** Runs {@code rounds} measured rounds (after one unmeasured warm-up round) of every subject under {@code profile}. */
    public Map<Subject, Result> run(LaunchProfile profile, int rounds) throws Exception {
        Map<Subject, Result> results = new LinkedHashMap<>();
        for (Subject subject : subjects) {
            results.put(subject, new Result(new Samples(), new Samples()));
        }
        for (int round = 0; round <= rounds; round++) {
            for (int i = 0; i < subjects.size(); i++) {
                // rotate the order so no subject always runs right after another one's exit
                Subject subject = subjects.get((i + round) % subjects.size());
                long[] measured = measureOnce(subject, profile.flagsFor(subject));
                if (round > 0) {
                    results.get(subject).startupNanos().add(measured[0]);
                    if (measured[1] > 0) {
                        results.get(subject).rssKb().add(measured[1]);
                    }
                }
            }
        }
        return results;
    }

    /** {startup nanos, RSS kB or -1}. */
    private long[] measureOnce(Subject subject, List<String> flags) throws Exception {
        if (!subject.jsonRpc()) {
            return new long[] {helloOnce(subject, flags), -1};
        }
        try (JsonRpcChild child = JsonRpcChild.start(subject.command(flags), env)) {
            JsonObject params = new JsonObject();
            params.addProperty("processId", ProcessHandle.current().pid());
            params.add("capabilities", new JsonObject()); // required by LSP (and by the Copilot peer)
            int id = child.request("initialize", params);
            JsonRpcChild.Frame response = child.awaitResponse(id, 30_000);
            long rss = ProcStats.treeRssKb(child.pid());
            if (!response.json().has("result")) {
                throw new IllegalStateException(subject.name() + " failed initialize: " + response.json());
            }
            child.notify("initialized", new JsonObject());
            if (subject.fixedCommand() == null) {
                child.shutdown(); // our own Java subjects must exit cleanly; a foreign peer is just closed
            }
            return new long[] {response.arrivedNanos() - child.startedNanos(), rss};
        }
    }

    private static long helloOnce(Subject subject, List<String> flags) throws Exception {
        long before = System.nanoTime();
        Process process = new ProcessBuilder(subject.command(flags)).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line = out.readLine();
            long took = System.nanoTime() - before;
            if (!"hello world".equals(line)) {
                throw new IllegalStateException("hello world printed " + line);
            }
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            return took;
        }
    }
}
