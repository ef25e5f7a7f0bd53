package dev.chatsidecar.server.chatgpt;

import dev.chatsidecar.server.log.Log;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.UUID;

/**
 * The sidecar's own device id, used when the server sets no {@code oai-did} cookie: a UUID created
 * once and kept in {@code $XDG_CACHE_HOME/chat-sidecar/device-id} (or {@code ~/.cache/...}), so that
 * the sidecar looks like the same device across runs. Without a writable directory the id lives
 * for this process only.
 */
public final class DeviceIdStore {
    private static final Log LOG = Log.get(DeviceIdStore.class);
    static final String FILE = "device-id";

    private final Path dir;
    private String cached;

    /** @param dir the directory holding the file, or {@code null} to keep the id in memory only */
    public DeviceIdStore(Path dir) {
        this.dir = dir;
    }

    /** {@code $XDG_CACHE_HOME/chat-sidecar}, else {@code ~/.cache/chat-sidecar}; {@code null} without a home. */
    public static Path defaultDir(Map<String, String> env) {
        String xdg = env.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "chat-sidecar");
        }
        String home = System.getProperty("user.home");
        return home == null || home.isBlank() ? null : Path.of(home, ".cache", "chat-sidecar");
    }

    /** The id: the stored one, else a new UUID (stored when possible). */
    public synchronized String deviceId() {
        if (cached != null) {
            return cached;
        }
        if (dir != null) {
            Path file = dir.resolve(FILE);
            try {
                if (Files.isRegularFile(file)) {
                    String stored = Files.readString(file, StandardCharsets.UTF_8).trim();
                    UUID.fromString(stored);
                    cached = stored;
                    return cached;
                }
            } catch (IOException | IllegalArgumentException e) {
                LOG.warn("ignoring unreadable device id file " + file + ": " + e.getMessage());
            }
        }
        cached = UUID.randomUUID().toString();
        if (dir != null) {
            store(dir.resolve(FILE), cached);
        }
        return cached;
    }

    private static void store(Path file, String id) {
        try {
            Files.createDirectories(file.getParent());
            Path temp = Files.createTempFile(file.getParent(), FILE, ".tmp");
            Files.writeString(temp, id + "\n", StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.warn("cannot keep the device id in " + file + " (" + e.getMessage() + "); using it for this run only");
        }
    }
}
