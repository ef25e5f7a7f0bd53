package dev.chatsidecar.bench.driver;

import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What every section shares: the jars, the work directory, the environment of a spawned sidecar and
 * the sidecar's AppCDS archive. The archive is made the way the clients make it on a first start
 * (one session with {@code -XX:ArchiveClassesAtExit}); its session includes one streamed answer
 * from the fake backend, as a first real editor session would, so the HTTP and stream classes are
 * in it too.
 */
final class BenchContext implements AutoCloseable {
    private final BenchDriver.Options options;
    private final Subject sidecar;
    private final Subject lsp4jEcho;
    private final Subject hello;
    private final Path fakeBackendJar;
    private final Path launcherScript;
    private final Path work;
    private final Map<String, String> sidecarEnv;
    private final List<AutoCloseable> closeAtEnd = new ArrayList<>();
    private CdsArchive.Training archiveTraining;

    private BenchContext(BenchDriver.Options options, Path root) throws Exception {
        this.options = options;
        // -Dbench.sidecarJar=... measures another build of the sidecar (an A/B against a saved jar)
        Path sidecarJar = Path.of(System.getProperty("bench.sidecarJar", root.resolve("server/target/chat-sidecar.jar").toString()));
        this.sidecar = new Subject("chat-sidecar", existing(sidecarJar), true);
        this.launcherScript = existing(root.resolve("server/target/chat-sidecar"));
        this.lsp4jEcho = new Subject("bare LSP4J server", existing(root.resolve("bench/target/lsp4j-echo.jar")), true);
        this.hello = new Subject("Java hello world", existing(root.resolve("bench/target/hello.jar")), false);
        this.fakeBackendJar = existing(root.resolve("fake-backend/target/fake-backend.jar"));
        this.work = root.resolve("bench/target/bench-work");
        Files.createDirectories(work);
        Map<String, String> env = new HashMap<>();
        // nothing of the user's configuration leaks in; upstreams point at a closed local port unless a
        // section points the sidecar at a fake backend
        env.put("CHAT_SIDECAR_CHATGPT_BASE_URL", "http://127.0.0.1:9");
        env.put("OPENAI_BASE_URL", "http://127.0.0.1:9/v1");
        env.put("CHAT_SIDECAR_LOG", "warn");
        env.put("XDG_CACHE_HOME", work.resolve("cache").toString());
        env.put("XDG_CONFIG_HOME", work.resolve("config").toString());
        this.sidecarEnv = Map.copyOf(env);
    }

    static BenchContext create(BenchDriver.Options options) throws Exception {
        return new BenchContext(options, options.root());
    }

    BenchDriver.Options options() {
        return options;
    }

    boolean smoke() {
        return options.smoke();
    }

    Subject sidecar() {
        return sidecar;
    }

    Subject lsp4jEcho() {
        return lsp4jEcho;
    }

    Subject hello() {
        return hello;
    }

    /** The shipped launcher script, copied next to the jar at package time. */
    Path launcherScript() {
        return launcherScript;
    }

    /** The project root (the sidecar's tests read ../shared from here too). */
    Path root() {
        return options.root();
    }

    /** Remembers {@code closeable} to close at the end of the run at the latest. */
    <T extends AutoCloseable> T closeAtEnd(T closeable) {
        closeAtEnd.add(closeable);
        return closeable;
    }

    Path work() {
        return work;
    }

    /** The environment of a spawned sidecar, with nothing inherited that configures it. */
    Map<String, String> sidecarEnvironment() {
        return sidecarEnv;
    }

    /** The launcher flags + AppCDS profile the clients run from their second start on. */
    LaunchProfile shippedProfile() {
        return LaunchProfile.tunedWithCds(work.resolve("cds"));
    }

    /** Makes the sidecar's archive once per run; returns the profile that uses it. */
    synchronized LaunchProfile ensureSidecarArchive() throws Exception {
        LaunchProfile profile = shippedProfile();
        if (archiveTraining == null) {
            try (FakeBackendProcess fake = startFake(List.of())) {
                Map<String, String> env = new HashMap<>(sidecarEnv);
                env.put("CHAT_SIDECAR_CHATGPT_BASE_URL", fake.baseUrl());
                archiveTraining = CdsArchive.create(sidecar, profile.flags(), profile.archiveOf(sidecar), env, child -> {
                    ChatClient chat = new ChatClient(child);
                    ChatClient.Run run = chat.start("[[chunks:20]] warm up");
                    chat.awaitAll(List.of(run), 60_000, null);
                    run.checkSucceeded();
                    JsonObject models = child.awaitResponse(child.request("chat/models", new JsonObject()), 30_000).json();
                    if (!models.has("result")) {
                        throw new IllegalStateException("chat/models failed: " + models);
                    }
                });
            }
        }
        return profile;
    }

    /** How the sidecar's archive-writing first session went (after {@link #ensureSidecarArchive}). */
    CdsArchive.Training archiveTraining() {
        return archiveTraining;
    }

    /** Starts the fake backend with {@code options}; it is stopped at the end of the run at the latest. */
    FakeBackendProcess startFake(List<String> fakeOptions) throws Exception {
        FakeBackendProcess fake = FakeBackendProcess.start(fakeBackendJar, fakeOptions);
        closeAtEnd.add(fake);
        return fake;
    }

    /** Spawns the sidecar as the clients do (launcher flags + its AppCDS archive) against {@code chatgptBaseUrl} and initializes it. */
    JsonRpcChild startSidecar(String chatgptBaseUrl) throws Exception {
        return startSidecar(Map.of("CHAT_SIDECAR_CHATGPT_BASE_URL", chatgptBaseUrl));
    }

    /** Spawns the sidecar as the clients do, with {@code extraEnv} over its usual environment, and initializes it. */
    JsonRpcChild startSidecar(Map<String, String> extraEnv) throws Exception {
        LaunchProfile profile = ensureSidecarArchive();
        Map<String, String> env = new HashMap<>(sidecarEnv);
        env.putAll(extraEnv);
        JsonRpcChild child = JsonRpcChild.start(sidecar.command(profile.flagsFor(sidecar)), env);
        closeAtEnd.add(child);
        JsonRpcChild.Frame response = child.initialize(null);
        if (!response.json().has("result")) {
            throw new IllegalStateException("initialize failed: " + response.json());
        }
        return child;
    }

    String machine() {
        return "machine: " + Runtime.getRuntime().availableProcessors() + " CPUs (" + MachineInfo.cpuModel() + "), "
                + MachineInfo.memoryTotal() + " RAM, Java " + System.getProperty("java.vm.version")
                + " (" + System.getProperty("java.vm.name") + ")";
    }

    @Override
    public void close() {
        for (AutoCloseable c : closeAtEnd) {
            try {
                c.close();
            } catch (Exception ignored) {
                // best effort at the end of the run
            }
        }
    }

    private static Path existing(Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing; build with: mvn -B -q package -DskipTests");
        }
        return jar;
    }
}
