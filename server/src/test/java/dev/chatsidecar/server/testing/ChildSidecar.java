package dev.chatsidecar.server.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** The sidecar as a real child process ({@code java -cp <test classpath> dev.chatsidecar.server.Main}). */
public final class ChildSidecar implements AutoCloseable {
    public final Process process;
    public final FrameClient client;
    private final CompletableFuture<String> stderr;

    private ChildSidecar(Process process, boolean frames) {
        this.process = process;
        this.stderr = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
        this.client = frames ? new FrameClient(process.getOutputStream(), process.getInputStream()) : null;
    }

    /** Starts the JSON-RPC server with extra environment variables. */
    public static ChildSidecar server(Map<String, String> env) {
        return new ChildSidecar(start(List.of(), List.of("-XX:TieredStopAtLevel=1"), env), true);
    }

    /** The JVM flags the README gives editors (a 256 MiB heap among them). */
    public static final List<String> LAUNCHER_FLAGS = List.of("-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1",
            "-XX:+UseSerialGC", "-Xms8m", "-Xmx256m", "-Xss512k", "-XX:-UsePerfData", "-Xlog:disable",
            "-Xlog:all=warning:stderr");

    /** Starts the JSON-RPC server with the README's launcher flags. */
    public static ChildSidecar launchedAsEditorsDo(Map<String, String> env) {
        return new ChildSidecar(start(List.of(), LAUNCHER_FLAGS, env), true);
    }

    /** Starts {@code Main} with arguments (stdout is read by the caller). */
    public static Process command(List<String> args, Map<String, String> env) {
        return start(args, List.of("-XX:TieredStopAtLevel=1"), env, List.of());
    }

    /**
     * Like {@link #command}, with SIGINT handled by default as in a terminal. A process started in
     * the background of a non-interactive shell (a CI script's {@code cmd &}) inherits SIGINT as
     * ignored, and the JVM then keeps ignoring it, as Unix programs should; coreutils' {@code env}
     * resets it for the child.
     */
    public static Process commandAsInATerminal(List<String> args, Map<String, String> env) {
        return start(args, List.of("-XX:TieredStopAtLevel=1"), env, List.of("env", "--default-signal=INT"));
    }

    private static Process start(List<String> args, List<String> jvmFlags, Map<String, String> env) {
        return start(args, jvmFlags, env, List.of());
    }

    private static Process start(List<String> args, List<String> jvmFlags, Map<String, String> env,
                                 List<String> wrapper) {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(wrapper);
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xshare:auto"));
        command.addAll(jvmFlags);
        command.addAll(List.of("-cp", classpath, "dev.chatsidecar.server.Main"));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(k -> k.startsWith("CHAT_SIDECAR_") || k.startsWith("OPENAI_")
                || k.equalsIgnoreCase("https_proxy") || k.equalsIgnoreCase("no_proxy"));
        builder.environment().put("CHAT_SIDECAR_CHATGPT_BASE_URL", "http://127.0.0.1:9");
        builder.environment().put("OPENAI_BASE_URL", "http://127.0.0.1:9/v1");
        builder.environment().putAll(env);
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Everything the process wrote on stderr (waits for it to end). */
    public String stderr() throws Exception {
        return stderr.get(30, java.util.concurrent.TimeUnit.SECONDS);
    }

    public static String readAll(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "<unreadable: " + e + ">";
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
