package dev.chatsidecar.server.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.chatsidecar.server.testing.ChildSidecar;
import dev.chatsidecar.server.testing.Tripwire;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 11: {@code ask} as a person uses it, in a child process. chatgpt.com is a {@link Tripwire}
 * throughout: none of these cases may reach it. The OpenAI-compatible server is WireMock.
 */
class AskCliTest {
    private Tripwire chatgpt;
    private WireMockServer openai;

    private record Outcome(int code, String stdout, String stderr) {
    }

    @BeforeEach
    void hosts() {
        chatgpt = new Tripwire("chatgpt.com");
        openai = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        openai.start();
        openai.stubFor(get("/v1/models").willReturn(aResponse().withStatus(200)
                .withHeader("content-type", "application/json").withBody("{\"data\":[{\"id\":\"m1\"}]}")));
    }

    @AfterEach
    void stop() {
        openai.stop();
        chatgpt.close();
    }

    private Map<String, String> env(String... extra) {
        Map<String, String> env = new HashMap<>(Map.of("CHAT_SIDECAR_CHATGPT_BASE_URL", chatgpt.url(),
                "OPENAI_BASE_URL", "http://127.0.0.1:" + openai.port() + "/v1"));
        for (int i = 0; i < extra.length; i += 2) {
            env.put(extra[i], extra[i + 1]);
        }
        return env;
    }

    private void answers(String... pieces) {
        StringBuilder body = new StringBuilder();
        for (String piece : pieces) {
            JsonObject delta = new JsonObject();
            delta.addProperty("content", piece);
            body.append("data: {\"choices\":[{\"index\":0,\"delta\":").append(delta).append("}]}\n\n");
        }
        body.append("data: [DONE]\n\n");
        openai.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200)
                .withHeader("content-type", "text/event-stream").withBody(body.toString())));
    }

    private static Outcome run(List<String> args, Map<String, String> env) throws Exception {
        List<String> all = new java.util.ArrayList<>(List.of("ask"));
        all.addAll(args);
        Process p = ChildSidecar.command(all, env);
        p.getOutputStream().close();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> ChildSidecar.readAll(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> ChildSidecar.readAll(p.getErrorStream()));
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "ask ended");
        return new Outcome(p.exitValue(), out.get(), err.get());
    }

    private JsonObject sentBody() {
        var requests = openai.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions")));
        assertEquals(1, requests.size());
        return JsonParser.parseString(requests.get(0).getBodyAsString()).getAsJsonObject();
    }

    @Test
    void helpAnywhereIsHelpAndContactsNothing() throws Exception {
        for (List<String> args : List.of(List.of("--help"), List.of("-h"), List.of("tell", "me", "--help", "now"))) {
            Outcome o = run(args, env());
            assertEquals(0, o.code, args + ": " + o.stderr);
            assertTrue(o.stdout.startsWith("Usage: java -jar chat-sidecar.jar ask"), o.stdout);
            assertTrue(o.stdout.contains("--max-tokens") && o.stdout.contains("--list-models"), o.stdout);
            assertEquals("", o.stderr);
        }
        assertEquals(0, openai.getAllServeEvents().size());
    }

    @Test
    void anUnknownOptionIsAUsageErrorWithoutContactingAnything() throws Exception {
        for (List<String> args : List.of(List.of("--frobnicate", "hi"), List.of("hi", "-x"), List.of("--temperature", "3", "hi"),
                List.of("--max-tokens", "1.5", "hi"), List.of("-m"))) {
            Outcome o = run(args, env());
            assertEquals(2, o.code, args + ": " + o.stderr);
            assertEquals("", o.stdout, args.toString());
            assertTrue(o.stderr.startsWith("chat-sidecar: "), o.stderr);
            assertTrue(o.stderr.contains("Usage: java -jar chat-sidecar.jar ask"), o.stderr);
        }
        assertEquals(0, openai.getAllServeEvents().size());
    }

    @Test
    void optionsReachTheRequestAndDoubleDashMakesTheRestPrompt() throws Exception {
        answers("Hello", " there");
        Outcome o = run(List.of("-m", "openai/m1", "-s", "Be brief.", "--temperature=0.25", "--max-tokens", "7",
                "--", "--help", "-m"), env());
        assertEquals(0, o.code, o.stderr);
        assertEquals("Hello there\n", o.stdout);
        assertEquals("", o.stderr);
        JsonObject body = sentBody();
        assertEquals("m1", body.get("model").getAsString());
        assertEquals(0.25, body.get("temperature").getAsDouble());
        assertEquals(7, body.get("max_tokens").getAsInt());
        var messages = body.getAsJsonArray("messages");
        assertEquals("system", messages.get(0).getAsJsonObject().get("role").getAsString());
        assertEquals("Be brief.", messages.get(0).getAsJsonObject().get("content").getAsString());
        assertEquals("--help -m", messages.get(1).getAsJsonObject().get("content").getAsString());
    }

    @Test
    void jsonPrintsTheResultObject() throws Exception {
        answers("Hi");
        Outcome o = run(List.of("--json", "--model", "openai/m1", "hello"), env());
        assertEquals(0, o.code, o.stderr);
        JsonObject result = JsonParser.parseString(o.stdout).getAsJsonObject();
        assertEquals("Hi", result.get("text").getAsString());
        assertEquals("openai/m1", result.get("model").getAsString());
        assertEquals("stop", result.get("finishReason").getAsString());
    }

    @Test
    void listModelsPrintsEveryModelWithItsStatus() throws Exception {
        Outcome o = run(List.of("--list-models"), env("CHAT_SIDECAR_CHATGPT_BASE_URL", "http://127.0.0.1:9"));
        assertEquals(0, o.code, o.stderr);
        assertTrue(o.stdout.lines().anyMatch(l -> l.startsWith("openai/m1\tready\t")), o.stdout);
        assertTrue(o.stdout.lines().anyMatch(l -> l.startsWith("auto\t")), o.stdout);
        assertTrue(o.stdout.lines().anyMatch(l -> l.startsWith("local/model\tunavailable\t")), o.stdout);
    }

    @Test
    void aBadEnvironmentValueIsOneLineAndTheOtherValuesStillApply() throws Exception {
        answers("from m1");
        Outcome o = run(List.of("-m", "openai/m1", "hi"), env("CHAT_SIDECAR_CONNECT_TIMEOUT_MS", "soon"));
        assertEquals(0, o.code, o.stderr);
        assertEquals("from m1\n", o.stdout);
        List<String> lines = o.stderr.lines().toList();
        assertEquals(1, lines.size(), o.stderr);
        assertTrue(lines.get(0).startsWith("chat-sidecar: ") && lines.get(0).contains("CHAT_SIDECAR_CONNECT_TIMEOUT_MS"),
                lines.get(0));
    }

    @Test
    void aModelOfAnotherBackendIsNeverAnsweredByChatGpt() throws Exception {
        Outcome o = run(List.of("--model", "local/stories260K", "hi"), env());
        assertEquals(1, o.code);
        assertEquals("", o.stdout);
        List<String> lines = o.stderr.lines().toList();
        assertEquals(1, lines.size(), o.stderr);
        assertTrue(lines.get(0).startsWith("chat-sidecar: unreachable: "), lines.get(0));
    }

    /** An answer that trickles for about 20 s: far longer than any of the waits below. */
    private void trickles() {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            body.append("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"word").append(i).append(" \"}}]}\n\n");
        }
        body.append("data: [DONE]\n\n");
        openai.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200)
                .withHeader("content-type", "text/event-stream").withBody(body.toString())
                .withChunkedDribbleDelay(200, 20_000)));
    }

    private static String readSome(InputStream in) throws Exception {
        byte[] buffer = new byte[64];
        int n = in.read(buffer);
        assertTrue(n > 0, "some answer text arrived");
        return new String(buffer, 0, n, StandardCharsets.UTF_8);
    }

    /** Starts {@code ask} on a trickling answer; returns once some text arrived (in {@code firstText}). */
    private Process startTrickling(CompletableFuture<String> stderr, StringBuilder firstText) throws Exception {
        trickles();
        Process p = ChildSidecar.commandAsInATerminal(List.of("ask", "-m", "openai/m1", "hi"), env());
        p.getOutputStream().close();
        CompletableFuture.supplyAsync(() -> ChildSidecar.readAll(p.getErrorStream())).thenAccept(stderr::complete);
        firstText.append(readSome(p.getInputStream()));
        return p;
    }

    @Test
    void aClosedStdoutStopsTheAnswerAndExitsQuietly() throws Exception {
        CompletableFuture<String> err = new CompletableFuture<>();
        Process p = startTrickling(err, new StringBuilder());
        p.getInputStream().close(); // as head -c does
        assertTrue(p.waitFor(12, TimeUnit.SECONDS), "ask kept streaming into a closed pipe");
        assertEquals(0, p.exitValue());
        assertEquals("", err.get(30, TimeUnit.SECONDS));
    }

    @Test
    void ctrlCKeepsThePartialAnswerEndsItWithANewlineAndExits130() throws Exception {
        CompletableFuture<String> err = new CompletableFuture<>();
        StringBuilder firstText = new StringBuilder();
        Process p = startTrickling(err, firstText);
        String first = firstText.toString();
        new ProcessBuilder("kill", "-INT", String.valueOf(p.pid())).start().waitFor(10, TimeUnit.SECONDS);
        String rest = ChildSidecar.readAll(p.getInputStream());
        assertTrue(p.waitFor(12, TimeUnit.SECONDS), "ask ended after Ctrl-C");
        assertEquals(130, p.exitValue());
        String out = first + rest;
        assertTrue(out.startsWith("word0 ") && out.endsWith("\n") && !out.contains("word199"), out);
        String stderr = err.get(30, TimeUnit.SECONDS);
        List<String> lines = stderr.lines().toList();
        assertEquals(1, lines.size(), stderr);
        assertTrue(lines.get(0).startsWith("chat-sidecar: interrupted"), lines.get(0));
    }
}
