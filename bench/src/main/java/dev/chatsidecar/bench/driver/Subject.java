package dev.chatsidecar.bench.driver;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A program whose startup is measured: the sidecar jar or one of its comparison lines. A
 * {@code jsonRpc} subject is ready when it answers {@code initialize}; the hello world when its line
 * arrives on stdout.
 *
 * @param name    what the report calls it
 * @param jar     the runnable jar
 * @param jsonRpc whether it speaks JSON-RPC on stdio
 */
public record Subject(String name, Path jar, boolean jsonRpc) {
    /** {@code java <flags> -jar <jar>} with the java binary that runs this driver. */
    public List<String> command(List<String> jvmFlags) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags);
        command.add("-jar");
        command.add(jar.toString());
        return command;
    }
}
