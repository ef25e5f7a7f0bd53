package dev.chatsidecar.server.local;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;

/**
 * The configured local model file, checked by the sidecar itself: llama.cpp gives the same
 * "could not load model" for every kind of bad file, so each problem is found here first and gets
 * its own message (unset, missing, directory, not a regular file, unreadable, not GGUF, unsupported
 * version, truncated). {@link #check} never throws, and never opens anything but a regular file, so
 * it cannot block on a FIFO or read a device forever.
 */
public final class LocalModelFile {
    /** The model id prefix: ids are {@code local/<file name without .gguf>}. */
    public static final String ID_PREFIX = "local/";
    /** The id listed when no model path is set. */
    public static final String UNSET_ID = ID_PREFIX + "model";

    private final Path path;
    private final String id;
    private final GgufHeader header;
    private final String problem;

    private LocalModelFile(Path path, String id, GgufHeader header, String problem) {
        this.path = path;
        this.id = id;
        this.header = header;
        this.problem = problem;
    }

    /**
     * Checks the configured path ({@code null} or blank when unset). Relative paths are resolved
     * against the working directory.
     */
    public static LocalModelFile check(String configuredPath) {
        if (configuredPath == null || configuredPath.isBlank()) {
            return new LocalModelFile(null, UNSET_ID, null, "No local model is configured: set local.modelPath "
                    + "(environment variable CHAT_SIDECAR_LOCAL_MODEL) to a GGUF model file.");
        }
        Path path;
        try {
            path = Paths.get(configuredPath.trim()).toAbsolutePath().normalize();
        } catch (java.nio.file.InvalidPathException e) {
            return new LocalModelFile(null, ID_PREFIX + configuredPath.trim(), null,
                    "The local model path is not a valid path: " + configuredPath.trim());
        }
        String id = idFor(path);
        if (!Files.exists(path)) {
            return bad(path, id, "The local model file does not exist: " + path);
        }
        if (Files.isDirectory(path)) {
            return bad(path, id, "The local model path is a directory, not a GGUF file: " + path);
        }
        if (!Files.isRegularFile(path)) {
            // a FIFO would block the open until a writer appears, a device may never end: never open either
            return bad(path, id, "The local model path is not a regular file (a pipe, device or socket): " + path);
        }
        if (!Files.isReadable(path)) {
            return bad(path, id, unreadable(path));
        }
        try {
            return new LocalModelFile(path, id, GgufHeaderReader.read(path), null);
        } catch (AccessDeniedException e) {
            return bad(path, id, unreadable(path));
        } catch (GgufHeaderReader.FormatException e) {
            String start = switch (e.problem) {
                case NOT_GGUF -> "The local model file is not a GGUF file (";
                case UNSUPPORTED_VERSION -> "The local model file has an unsupported format (";
                case TRUNCATED -> "The local model file is truncated (";
            };
            return bad(path, id, start + e.getMessage() + "): " + path);
        } catch (IOException e) {
            return bad(path, id, "The local model file cannot be read (" + e.getMessage() + "): " + path);
        }
    }

    private static String unreadable(Path path) {
        return "The local model file cannot be read (permission denied): " + path;
    }

    private static LocalModelFile bad(Path path, String id, String problem) {
        return new LocalModelFile(path, id, null, problem);
    }

    /** {@code local/} and the file name without a {@code .gguf} ending. */
    static String idFor(Path path) {
        Path fileName = path.getFileName();
        String name = fileName == null ? "model" : fileName.toString();
        if (name.toLowerCase(Locale.ROOT).endsWith(".gguf") && name.length() > 5) {
            name = name.substring(0, name.length() - 5);
        }
        return ID_PREFIX + name;
    }

    /** Whether the file passed every check. */
    public boolean usable() {
        return problem == null;
    }

    /** What is wrong, in one plain sentence naming the path, or {@code null} when usable. */
    public String problem() {
        return problem;
    }

    /** The absolute path, or {@code null} when unset. */
    public Path path() {
        return path;
    }

    /** The model id this file is listed under. */
    public String id() {
        return id;
    }

    /** The parsed header, or {@code null} when not usable. */
    public GgufHeader header() {
        return header;
    }
}
