package dev.chatsidecar.bench.driver;

import java.util.List;

/**
 * "The other core is busy": a shell process spinning in a loop ({@code while :; do :; done}) for as
 * long as it is open, taking one CPU the way a build or a test run next to the editor would.
 */
final class BusyCore implements AutoCloseable {
    private final Process process;

    private BusyCore(Process process) {
        this.process = process;
    }

    static BusyCore start() throws Exception {
        Process process = new ProcessBuilder(List.of("sh", "-c", "while :; do :; done"))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        return new BusyCore(process);
    }

    @Override
    public void close() throws Exception {
        process.destroyForcibly();
        process.waitFor();
    }
}
