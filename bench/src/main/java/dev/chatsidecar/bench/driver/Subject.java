package dev.chatsidecar.bench.driver;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A program whose startup is measured: the sidecar jar or one of its comparison lines. A
 * {@code jsonRpc} subject is ready when it answers {@code initialize}; the hello world when its line
 * arrives on stdout.
 *
 * @param name        what the report calls it
 * @param jar         the runnable jar, or {@code null} for a program that is not Java
 * @param jsonRpc     whether it speaks JSON-RPC on stdio
 * @param fixedCommand the whole command of a program that is not Java (JVM flags do not apply), else {@code null}
 */
public record Subject(String name, Path jar, boolean jsonRpc, List<String> fixedCommand) {
    public Subject(String name, Path jar, boolean jsonRpc) {
        this(name, jar, jsonRpc, null);
    }

    /** A peer that is not a Java program (e.g. a Node language server), started as {@code command}. */
    public static Subject external(String name, List<String> command) {
        return new Subject(name, null, true, List.copyOf(command));
    }

    /** {@code java <flags> -jar <jar>} with the java binary that runs this driver (or the fixed command). */
    public List<String> command(List<String> jvmFlags) {
        if (fixedCommand != null) {
            return fixedCommand;
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags);
        command.add("-jar");
        command.add(jar.toString());
        return command;
    }
}
