package dev.chatsidecar.server.acp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.chatsidecar.server.testing.ChildSidecar;
import dev.chatsidecar.server.testing.RawHttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code --acp} as a real process: when the client closes the agent's stdout, the process ends at
 * the next write (it does not wait for the end of stdin), and the running prompt's upstream call is
 * closed on the way out.
 */
class AcpChildProcessTest {
    @Test
    void closingStdoutEndsTheAcpProcessAndAbortsTheUpstreamCall() throws Exception {
        try (RawHttpServer blackHole = new RawHttpServer((request, exchange) -> exchange.clientClosed().get())) {
            // a bare process (no reader thread of ours): closing its stdout here really closes the pipe
            Process process = ChildSidecar.command(List.of("--acp"), Map.of(
                    "CHAT_SIDECAR_CHATGPT_BASE_URL", blackHole.baseUrl(), "CHAT_SIDECAR_IDLE_TIMEOUT_MS", "600000"));
            try {
                OutputStream stdin = process.getOutputStream();
                InputStream stdout = process.getInputStream();
                send(stdin, 1, "initialize", "{\"protocolVersion\":1}");
                assertTrue(readLine(stdout).has("result"));
                send(stdin, 2, "session/new", "{\"cwd\":\"/tmp\",\"mcpServers\":[]}");
                String session = readLine(stdout).getAsJsonObject("result").get("sessionId").getAsString();
                send(stdin, 3, "session/prompt", "{\"sessionId\":\"" + session + "\",\"prompt\":"
                        + "[{\"type\":\"text\",\"text\":\"hi\"}]}");
                RawHttpServer.Exchange upstream = blackHole.exchanges().poll(30, TimeUnit.SECONDS);
                assertTrue(upstream != null, "the prompt reached the upstream");

                stdout.close();
                send(stdin, 4, "session/new", "{\"cwd\":\"/tmp\",\"mcpServers\":[]}");
                assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the process ended after its stdout closed");
                assertEquals(1, process.exitValue());
                upstream.clientClosed().get(30, TimeUnit.SECONDS);
            } finally {
                process.destroyForcibly();
            }
        }
    }

    private static void send(OutputStream stdin, int id, String method, String params) throws IOException {
        String line = "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}\n";
        stdin.write(line.getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }

    /** One line of the agent's stdout, byte by byte (no read-ahead buffer keeps bytes from the next test step). */
    private static JsonObject readLine(InputStream stdout) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = stdout.read()) != -1 && b != '\n') {
            line.write(b);
        }
        return JsonParser.parseString(line.toString(StandardCharsets.UTF_8)).getAsJsonObject();
    }
}
