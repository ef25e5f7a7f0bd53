package dev.chatsidecar.bench.driver;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code fake-backend/target/fake-backend.jar} as a child process (the chatgpt.com and OpenAI
 * stand-in, see fake-backend/README.md): started with the given options on a free port, read back
 * from the one JSON line it prints, stopped by closing its stdin.
 */
public final class FakeBackendProcess implements AutoCloseable {
    private final Process process;
    private final String baseUrl;
    private final HttpClient http = HttpClient.newHttpClient();

    private FakeBackendProcess(Process process, String baseUrl) {
        this.process = process;
        this.baseUrl = baseUrl;
    }

    /** Starts the fake with {@code options} (e.g. {@code --latency-ms 50}) and waits until it listens. */
    public static FakeBackendProcess start(Path jar, List<String> options) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", jar.toString(), "--port", "0", "--quiet"));
        command.addAll(options);
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null) {
            process.destroyForcibly();
            throw new IOException("the fake backend ended without announcing its port: " + command);
        }
        JsonObject announced = JsonParser.parseString(line).getAsJsonObject();
        return new FakeBackendProcess(process, announced.get("baseUrl").getAsString());
    }

    /** {@code http://127.0.0.1:PORT}: the value for {@code chatgpt.baseUrl}. */
    public String baseUrl() {
        return baseUrl;
    }

    public int port() {
        return URI.create(baseUrl).getPort();
    }

    /** {@code GET /__stats}. */
    public JsonObject stats() throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/__stats"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        return JsonParser.parseString(response.body()).getAsJsonObject();
    }

    public int clientAborts() throws IOException, InterruptedException {
        return stats().get("clientAborts").getAsInt();
    }

    /**
     * Waits until the fake has counted at least {@code atLeast} client aborts, polling its stats;
     * {@code false} after {@code timeoutMs}.
     */
    public boolean awaitClientAborts(int atLeast, long timeoutMs) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (clientAborts() < atLeast) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10); // polling another process's counter; nothing to wait on here
        }
        return true;
    }

    @Override
    public void close() {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
