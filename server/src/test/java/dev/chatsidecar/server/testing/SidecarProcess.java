package dev.chatsidecar.server.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The sidecar as a child process ({@code java -cp <test classpath> dev.chatsidecar.server.Main}),
 * with a scrubbed environment: nothing from the developer's shell (proxies, API keys) leaks in.
 */
public final class SidecarProcess implements AutoCloseable {
    public final Process process;
    private final java.io.ByteArrayOutputStream stderr = new java.io.ByteArrayOutputStream();
    private final Thread stderrReader;

    private SidecarProcess(Process process) {
        this.process = process;
        this.stderrReader = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (InputStream in = process.getErrorStream()) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    synchronized (stderr) {
                        stderr.write(buffer, 0, n);
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "test-stderr-reader");
        this.stderrReader.setDaemon(true);
        this.stderrReader.start();
    }

    /**
     * Starts the sidecar.
     *
     * @param jvmProperties extra {@code -D} options, e.g. {@code java.io.tmpdir}
     * @param env           the whole environment besides PATH
     */
    public static SidecarProcess start(List<String> args, Map<String, String> jvmProperties, Map<String, String> env)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        jvmProperties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("dev.chatsidecar.server.Main");
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        builder.environment().putAll(env);
        return new SidecarProcess(builder.start());
    }

    /** Waits for the process to end and returns its exit code. */
    public int awaitExit(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the sidecar did not exit within " + seconds + " s; stderr:\n" + stderrText());
        }
        return process.exitValue();
    }

    /** What the process wrote to stderr so far; all of it once the process has exited. */
    public String stderrText() {
        if (!process.isAlive()) {
            try {
                stderrReader.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (stderr) {
            return stderr.toString(StandardCharsets.UTF_8);
        }
    }

    /** Reads a stream to its end on a daemon thread. */
    public static CompletableFuture<byte[]> readAllAsync(InputStream in) {
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                result.complete(in.readAllBytes());
            } catch (IOException e) {
                result.completeExceptionally(e);
            }
        }, "test-process-reader");
        thread.setDaemon(true);
        thread.start();
        return result;
    }

    /** A directory tree for one run: cache, home and temp dirs inside {@code root}. */
    public static Map<String, Path> dirs(Path root) throws IOException {
        return Map.of("cache", Files.createDirectories(root.resolve("cache")),
                "home", Files.createDirectories(root.resolve("home")),
                "tmp", Files.createDirectories(root.resolve("tmp")));
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
