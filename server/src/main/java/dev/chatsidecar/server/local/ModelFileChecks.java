package dev.chatsidecar.server.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * Remembers the last {@link LocalModelFile#check} so that listing models (which happens several
 * times per request) costs one {@code stat}, not a header read. A file that changes size or
 * modification time, or a new path, is checked again.
 */
final class ModelFileChecks {
    private String lastPath;
    private Object lastStamp;
    private LocalModelFile last;

    synchronized LocalModelFile check(String configuredPath) {
        Object stamp = stamp(configuredPath);
        if (last != null && Objects.equals(lastPath, configuredPath) && Objects.equals(lastStamp, stamp)) {
            return last;
        }
        last = LocalModelFile.check(configuredPath);
        lastPath = configuredPath;
        lastStamp = stamp;
        return last;
    }

    /** Size, modification time and kind of the path (a {@code stat}: never opens it), or a marker when it cannot be read. */
    private static Object stamp(String configuredPath) {
        if (configuredPath == null || configuredPath.isBlank()) {
            return "unset";
        }
        try {
            Path path = Paths.get(configuredPath.trim());
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            return attributes.size() + "/" + attributes.lastModifiedTime().toMillis() + "/"
                    + attributes.isDirectory() + "/" + attributes.isRegularFile() + "/" + Files.isReadable(path);
        } catch (IOException | RuntimeException e) {
            return "unreadable:" + e.getClass().getSimpleName();
        }
    }
}
