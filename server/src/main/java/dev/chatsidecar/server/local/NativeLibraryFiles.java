package dev.chatsidecar.server.local;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * Puts the binding's native library ({@code libjllama.so} and its kin) into a private directory
 * before the binding first runs, so that the binding loads it from there instead of extracting it
 * itself — which would print {@code Extracted ...} on stdout and delete every {@code llama*} entry of
 * the shared temp directory.
 *
 * <p>The directory is per binding version and platform under the user's cache directory
 * ({@code $XDG_CACHE_HOME} or {@code ~/.cache}), falling back to the system temp directory. A file
 * already there with the right size is reused; a new one is written under a temporary name and moved
 * into place, so concurrent sidecars never see half a library.
 */
final class NativeLibraryFiles {
    private static final String RESOURCE_ROOT = "de/kherud/llama/";

    private NativeLibraryFiles() {
    }

    /** Where the library went and the private temp dir handed to the binding. */
    record Prepared(Path libraryDir, Path tempDir) {
    }

    /**
     * Extracts the library for this platform into a private directory.
     *
     * @param env the process environment (for {@code XDG_CACHE_HOME})
     * @throws IOException when no candidate directory is writable or the jar lacks this platform
     */
    static Prepared prepare(java.util.Map<String, String> env) throws IOException {
        String resource = RESOURCE_ROOT + platformFolder() + "/" + System.mapLibraryName("jllama");
        URL url = NativeLibraryFiles.class.getClassLoader().getResource(resource);
        if (url == null) {
            throw new IOException("the llama.cpp binding has no native library for " + platformFolder()
                    + " (looked for " + resource + ")");
        }
        String folder = "jllama-" + bindingVersion() + "-" + platformFolder().replace('/', '-');
        IOException last = null;
        for (Path base : candidateBases(env)) {
            Path dir = base.resolve(folder);
            try {
                Path tempDir = dir.resolve("tmp");
                Files.createDirectories(tempDir);
                install(url, dir.resolve(System.mapLibraryName("jllama")));
                return new Prepared(dir, tempDir);
            } catch (IOException e) {
                last = e;
            }
        }
        throw last == null ? new IOException("no directory to extract the native library to") : last;
    }

    private static void install(URL url, Path target) throws IOException {
        URLConnection connection = url.openConnection();
        long expected = connection.getContentLengthLong();
        if (expected > 0 && Files.isRegularFile(target) && Files.size(target) == expected) {
            connection.getInputStream().close();
            return;
        }
        Path partial = target.resolveSibling(target.getFileName() + "." + ProcessHandle.current().pid() + ".part");
        try (InputStream in = connection.getInputStream()) {
            Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
        }
        try {
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private static List<Path> candidateBases(java.util.Map<String, String> env) {
        List<Path> bases = new ArrayList<>();
        String xdg = env.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            bases.add(Paths.get(xdg, "chat-sidecar"));
        }
        String home = System.getProperty("user.home");
        if (home != null && !home.isBlank() && !home.equals("?")) {
            bases.add(Paths.get(home, ".cache", "chat-sidecar"));
        }
        bases.add(Paths.get(System.getProperty("java.io.tmpdir"),
                "chat-sidecar-" + System.getProperty("user.name", "user")));
        return bases;
    }

    /** The binding's folder name for this platform, e.g. {@code Linux/x86_64}. */
    static String platformFolder() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String osFolder = os.contains("win") ? "Windows" : os.contains("mac") || os.contains("darwin") ? "Mac" : "Linux";
        String archFolder = switch (arch) {
            case "amd64", "x86_64", "x64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            case "x86", "i386", "i686" -> "x86";
            default -> arch;
        };
        return osFolder + "/" + archFolder;
    }

    /** The binding's version from its Maven metadata, or {@code unknown}. */
    static String bindingVersion() {
        try (InputStream in = NativeLibraryFiles.class.getClassLoader()
                .getResourceAsStream("META-INF/maven/de.kherud/llama/pom.properties")) {
            if (in != null) {
                Properties properties = new Properties();
                properties.load(in);
                return properties.getProperty("version", "unknown");
            }
        } catch (IOException ignored) {
            // fall through: the directory name then only says "unknown"
        }
        return "unknown";
    }
}
