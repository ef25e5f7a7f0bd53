package dev.chatsidecar.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Finds the third-party fixtures in {@code ../shared} next to the repository (never copied into it).
 * Tests run with the module directory as working directory, so the folder is looked up upwards.
 */
public final class SharedFixtures {
    private SharedFixtures() {
    }

    /** The {@code shared/fixtures/chatgpt} directory. */
    public static Path chatgptDir() {
        Path here = Path.of("").toAbsolutePath();
        for (Path dir = here; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("fixtures").resolve("chatgpt");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no shared/fixtures/chatgpt above " + here);
    }

    public static Path chatgpt(String name) {
        return chatgptDir().resolve(name);
    }

    public static String chatgptText(String name) {
        try {
            return Files.readString(chatgpt(name), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every {@code *.sse} capture. */
    public static List<Path> chatgptStreams() {
        try (var files = Files.list(chatgptDir())) {
            return files.filter(p -> p.getFileName().toString().endsWith(".sse")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
