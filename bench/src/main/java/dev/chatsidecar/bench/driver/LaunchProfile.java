package dev.chatsidecar.bench.driver;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How the JVM is started for a measurement: the same profile is applied to the sidecar and to its
 * comparison lines. With {@code cdsDir}, each subject uses its own AppCDS archive
 * ({@code <cdsDir>/<subject>.jsa}), made beforehand by {@link CdsArchive}.
 *
 * @param name   what the report calls it
 * @param flags  JVM flags
 * @param cdsDir where the per-subject archives are, or {@code null} for no AppCDS archive
 */
public record LaunchProfile(String name, List<String> flags, Path cdsDir) {
    /** No flags at all: what {@code java -jar} does by default. */
    public static LaunchProfile plain() {
        return new LaunchProfile("java -jar (no flags)", List.of(), null);
    }

    /** The launcher flags the clients use (docs/benchmarks.md explains each). */
    public static LaunchProfile tuned() {
        return new LaunchProfile("launcher flags", LauncherFlags.RECOMMENDED, null);
    }

    /** The launcher flags plus a per-subject AppCDS archive. */
    public static LaunchProfile tunedWithCds(Path cdsDir) {
        return new LaunchProfile("launcher flags + AppCDS", LauncherFlags.RECOMMENDED, cdsDir);
    }

    public List<String> flagsFor(Subject subject) {
        List<String> all = new ArrayList<>(flags);
        if (cdsDir != null) {
            all.add("-XX:SharedArchiveFile=" + archiveOf(subject));
        }
        return all;
    }

    public Path archiveOf(Subject subject) {
        return cdsDir.resolve(subject.name().replaceAll("[^A-Za-z0-9.-]", "_") + ".jsa");
    }
}
