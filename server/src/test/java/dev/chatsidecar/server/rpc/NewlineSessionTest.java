package dev.chatsidecar.server.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.chatsidecar.server.rpc.framing.NewlineFraming;
import dev.chatsidecar.server.settings.SettingsStore;
import dev.chatsidecar.server.testing.ScriptedBackend;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The session over newline-delimited JSON (the framing {@code --acp} uses): lines in, lines out. */
class NewlineSessionTest {

    @Test
    void malformedLinesAreAnsweredPerJsonRpcAndTheSessionGoesOn() throws Exception {
        PipedOutputStream toServer = new PipedOutputStream();
        PipedInputStream serverIn = new PipedInputStream(toServer, 1 << 16);
        PipedInputStream fromServer = new PipedInputStream(1 << 16);
        PipedOutputStream serverOut = new PipedOutputStream(fromServer);
        StdioServer server = new StdioServer(new NewlineFraming(serverIn, 4096), serverOut,
                List.of(ScriptedBackend.standard()), new SettingsStore(Map.of()), code -> { });
        Thread thread = new Thread(() -> server.run(code -> { }), "newline-session");
        thread.setDaemon(true);
        thread.start();
        BufferedReader lines = new BufferedReader(new InputStreamReader(fromServer, StandardCharsets.UTF_8));

        send(toServer, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{}}\r\n\n");
        assertTrue(next(lines).has("result"));
        send(toServer, "this is not json\n");
        assertEquals(-32700, errorCode(next(lines), null));
        send(toServer, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"chat/models\",\"params\":{\"pad\":\"" + "p".repeat(5000)
                + "\"}}\n");
        assertEquals(-32600, errorCode(next(lines), null));
        send(toServer, "{\"jsonrpc\":\"2.0\",\"id\":3,");
        send(toServer, "\"method\":\"chat/complete\",\"params\":{\"messages\":[{\"role\":\"user\",\"content\":"
                + "\"echo:one line\\neach\"}],\"workDoneToken\":\"t\"}}\n");
        StringBuilder streamed = new StringBuilder();
        JsonObject frame;
        while (!(frame = next(lines)).has("id")) {
            JsonObject value = frame.getAsJsonObject("params").getAsJsonObject("value");
            if (value.get("kind").getAsString().equals("report")) {
                streamed.append(value.get("delta").getAsString());
            }
        }
        assertEquals("one line\neach", frame.getAsJsonObject("result").get("text").getAsString());
        assertEquals("one line\neach", streamed.toString());
        toServer.close();
    }

    private static void send(OutputStream out, String text) throws Exception {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** The next line, which must be exactly one JSON object. */
    private static JsonObject next(BufferedReader lines) throws Exception {
        String line = lines.readLine();
        assertTrue(line != null && line.startsWith("{") && line.endsWith("}"), "one JSON object per line: " + line);
        return JsonParser.parseString(line).getAsJsonObject();
    }

    private static int errorCode(JsonObject response, Integer id) {
        assertTrue(response.get("id").isJsonNull() == (id == null), response.toString());
        return response.getAsJsonObject("error").get("code").getAsInt();
    }
}
