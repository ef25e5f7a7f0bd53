package dev.chatsidecar.server.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.chatsidecar.protocol.ErrorType;
import dev.chatsidecar.server.backend.ChatBackend;
import dev.chatsidecar.server.chatgpt.ChatGptBackend;
import dev.chatsidecar.server.chatgpt.ChatGptOptions;
import dev.chatsidecar.server.chatgpt.RawChatGpt;
import dev.chatsidecar.server.http.HttpClientFactory;
import dev.chatsidecar.server.openai.OpenAiBackend;
import dev.chatsidecar.server.testing.RawHttpServer;
import dev.chatsidecar.server.testing.ServedSidecar;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * 401, 403, 429, 500, 502 and 503, each with a JSON, an HTML and an empty body, from the ChatGPT
 * conversation endpoint and from an OpenAI-compatible server, through the real JSON-RPC server: the
 * contract's type and code, {@code httpStatus}, a plain-language message (an HTML page is named by its
 * title, never pasted), a hint, and {@code retryAfterMs} from {@code Retry-After}.
 */
class UpstreamHttpErrorsTest {
    @TempDir
    static Path cacheDir;
    static RawHttpServer chatgpt;
    static RawHttpServer openai;
    /** What the next answer of either server is; tests run one after another. */
    static volatile Case current;

    enum Body { JSON, HTML, EMPTY }

    record Case(String backend, int status, Body body) {
        ErrorType type() {
            return switch (status) {
                case 401 -> ErrorType.UNAUTHORIZED;
                case 403 -> ErrorType.BLOCKED;
                case 429 -> ErrorType.RATE_LIMITED;
                default -> ErrorType.UPSTREAM_ERROR;
            };
        }

        String detail() {
            return "Detail " + status + " from the " + backend + " body";
        }

        void answer(RawHttpServer.Exchange exchange) throws Exception {
            List<String> headers = new ArrayList<>();
            if (status == 429) {
                headers.add("Retry-After: 7");
            }
            String text = switch (body) {
                case JSON -> backend.equals("chatgpt") ? "{\"detail\": \"" + detail() + "\"}"
                        : "{\"error\": {\"message\": \"" + detail() + "\", \"type\": \"server_error\", \"code\": null}}";
                case HTML -> "<!DOCTYPE html>\n<html><head><title>" + status + " Error Page</title></head>\n<body><h1>"
                        + status + "</h1><p>nginx</p></body></html>\n";
                case EMPTY -> "";
            };
            headers.add("Content-Type: " + (body == Body.HTML ? "text/html" : "application/json"));
            exchange.head(status, headers.toArray(String[]::new));
            exchange.write(text);
            exchange.cut();
        }
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (String backend : List.of("chatgpt", "openai")) {
            for (int status : new int[] {401, 403, 429, 500, 502, 503}) {
                for (Body body : Body.values()) {
                    cases.add(Arguments.of(new Case(backend, status, body)));
                }
            }
        }
        return cases.stream();
    }

    @BeforeAll
    static void start() throws Exception {
        chatgpt = RawChatGpt.start((request, exchange) -> current.answer(exchange));
        openai = new RawHttpServer((request, exchange) -> current.answer(exchange));
    }

    @AfterAll
    static void stop() throws Exception {
        chatgpt.close();
        openai.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void eachStatusAndBodyIsTypedAndExplained(Case c) {
        current = c;
        List<ChatBackend> backends = List.of(new ChatGptBackend(new ChatGptOptions().deviceIdDir(cacheDir)
                .http(new HttpClientFactory()).prefetch(false)), new OpenAiBackend());
        String settings = "{\"chatgpt\":{\"baseUrl\":\"" + chatgpt.baseUrl() + "\"},\"openai\":{\"baseUrl\":\""
                + openai.baseUrl() + "/v1\",\"models\":[\"m\"]},\"http\":{\"idleTimeoutMs\":5000}}";
        try (ServedSidecar s = new ServedSidecar(backends, settings)) {
            ServedSidecar.Answer answer = s.await(s.start("hi", c.backend().equals("chatgpt") ? "auto" : "openai/m"));
            JsonObject data = answer.assertFailure(c.type(), c.status(), "");
            String message = data.get("message").getAsString();
            assertTrue(message.contains("HTTP " + c.status()), message);
            assertFalse(message.contains("<"), "no markup in the message: " + message);
            if (c.body() == Body.JSON) {
                assertTrue(message.contains(c.detail()), "the body's detail is quoted: " + message);
            }
            if (c.body() == Body.HTML) {
                assertTrue(message.contains(c.status() + " Error Page"), "the page is named by its title: " + message);
            }
            assertEquals(c.status() != 401, data.get("retryable").getAsBoolean(), data.toString());
            if (c.status() == 429) {
                assertEquals(7000, data.get("retryAfterMs").getAsLong(), data.toString());
            } else {
                assertFalse(data.has("retryAfterMs"), data.toString());
            }
        }
    }
}
