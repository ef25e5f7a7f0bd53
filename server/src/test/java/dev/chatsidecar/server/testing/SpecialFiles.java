package dev.chatsidecar.server.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Paths that are not regular files, for settings that name files: FIFOs (made with {@code mkfifo}). */
public final class SpecialFiles {
    private SpecialFiles() {
    }

    /** A new FIFO {@code dir/name}; opening it for reading blocks until a writer appears. */
    public static Path fifo(Path dir, String name) throws Exception {
        Path fifo = dir.resolve(name);
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo made " + fifo);
        return fifo;
    }
}
