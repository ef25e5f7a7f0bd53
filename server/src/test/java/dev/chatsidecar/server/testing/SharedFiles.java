package dev.chatsidecar.server.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Third-party test data in {@code ../shared} beside the project root (never copied into the repo).
 * Maven runs module tests in the module directory, so the root is found by walking up.
 */
public final class SharedFiles {
    private SharedFiles() {
    }

    /** The project root: the nearest directory holding {@code pom.xml} and {@code server/pom.xml}. */
    public static Path projectRoot() {
        Path dir = Paths.get("").toAbsolutePath();
        while (dir != null) {
            if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isRegularFile(dir.resolve("server/pom.xml"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new AssertionError("project root not found above " + Paths.get("").toAbsolutePath());
    }

    /** {@code ../shared/models/stories260K.gguf} from the project root. */
    public static Path storiesModel() {
        Path model = projectRoot().resolve("../shared/models/stories260K.gguf").normalize();
        if (!Files.isRegularFile(model)) {
            throw new AssertionError("test model missing: " + model);
        }
        return model;
    }
}
