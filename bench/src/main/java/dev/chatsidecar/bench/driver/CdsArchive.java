package dev.chatsidecar.bench.driver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Makes a dynamic AppCDS archive the way the clients do on a first start: the program runs once with
 * {@code -XX:ArchiveClassesAtExit=<file>} and the JVM writes every class it loaded into that file when
 * it exits. A JSON-RPC subject gets a whole session ({@code initialize}, {@code shutdown}, {@code exit})
 * so the archive holds what a start needs.
 */
public final class CdsArchive {
    private CdsArchive() {
    }

    /** What a JSON-RPC subject does in its archive-writing session, between initialize and shutdown. */
    @FunctionalInterface
    public interface Session {
        void run(JsonRpcChild child) throws Exception;

        Session NOTHING = child -> { };
    }

    /** How long the archive-writing run took, and of that the exit (shutdown → process gone, incl. the dump). */
    public record Training(long totalNanos, long exitNanos) {
    }

    /** Writes {@code archive} for {@code subject} started with {@code flags}. */
    public static Training create(Subject subject, List<String> flags, Path archive, Map<String, String> env)
            throws Exception {
        return create(subject, flags, archive, env, Session.NOTHING);
    }

    /** As {@link #create(Subject, List, Path, Map)}, running {@code session} after initialize. */
    public static Training create(Subject subject, List<String> flags, Path archive, Map<String, String> env,
                                  Session session) throws Exception {
        Files.createDirectories(archive.getParent());
        Files.deleteIfExists(archive);
        List<String> training = new ArrayList<>(flags);
        training.add("-XX:ArchiveClassesAtExit=" + archive);
        long start = System.nanoTime();
        long exitStart;
        if (subject.jsonRpc()) {
            try (JsonRpcChild child = JsonRpcChild.start(subject.command(training), env)) {
                child.initialize(null);
                session.run(child);
                exitStart = System.nanoTime();
                child.shutdown();
            }
        } else {
            exitStart = System.nanoTime();
            Process process = new ProcessBuilder(subject.command(training)).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        long end = System.nanoTime();
        if (!Files.isRegularFile(archive) || Files.size(archive) == 0) {
            throw new IOException("the JVM wrote no CDS archive at " + archive + " for " + subject.name());
        }
        return new Training(end - start, end - exitStart);
    }
}
