package dev.chatsidecar.bench.driver;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A running {@code RawLlamaRunner} (the raw binding, no sidecar): one generation per {@link #generate} call. */
final class RawLlamaProcess implements AutoCloseable {
    /** Tokens and wall-clock nanoseconds of one generation. */
    record Result(int tokens, long nanos) {
        double tokensPerSecond() {
            return tokens / (nanos / 1e9);
        }
    }

    private final Process process;
    private final BufferedReader out;
    private final Writer in;

    private RawLlamaProcess(Process process) {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    }

    /** Starts it with the launcher flags, loads the model, and waits until it is ready. */
    static RawLlamaProcess start(Path work, Path model, int threads, int context, int nPredict, float temperature,
                                 String prompt) throws IOException {
        Path tmp = Files.createDirectories(work.resolve("raw-llama-tmp")); // the binding deletes llama* in its temp dir
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(LauncherFlags.RECOMMENDED);
        command.add("-Dde.kherud.llama.tmpdir=" + tmp);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.chatsidecar.bench.peers.RawLlamaRunner",
                model.toString(), Integer.toString(threads), Integer.toString(context), Integer.toString(nPredict),
                Float.toString(temperature), prompt));
        Process process = new ProcessBuilder(command).redirectError(work.resolve("raw-llama.log").toFile()).start();
        RawLlamaProcess raw = new RawLlamaProcess(process);
        String line = raw.out.readLine();
        if (!"READY".equals(line)) {
            raw.close();
            throw new IllegalStateException("the raw binding did not load the model (" + line + "); see "
                    + work.resolve("raw-llama.log"));
        }
        return raw;
    }

    /** One generation: {@code stream} (token by token, as the sidecar reads) or {@code complete} (one call). */
    Result generate(String mode) throws IOException {
        in.write(mode + "\n");
        in.flush();
        String line = out.readLine();
        if (line == null || !line.startsWith("RESULT ")) {
            throw new IllegalStateException("the raw binding answered " + line);
        }
        String[] parts = line.split(" ");
        return new Result(Integer.parseInt(parts[1]), Long.parseLong(parts[2]));
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
