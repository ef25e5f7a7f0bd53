package dev.chatsidecar.server.chatgpt;

import dev.chatsidecar.server.testing.RawHttpServer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * chatgpt.com (2024 form) on a raw socket: a normal home page and requirements, 404 on the 2025–26
 * paths (so the backend falls back), and a scripted conversation answer.
 */
public final class RawChatGpt {
    private RawChatGpt() {
    }

    public static RawHttpServer start(RawHttpServer.Handler conversation) throws Exception {
        AtomicInteger tokens = new AtomicInteger();
        return new RawHttpServer((request, exchange) -> {
            if (request.path().equals("/")) {
                exchange.head(200, "Content-Type: text/html");
                exchange.write("<html data-build=\"b1\"></html>");
                exchange.cut();
            } else if (request.path().endsWith("/prepare") || request.path().endsWith("/finalize")
                    || request.path().contains("/f/")) {
                exchange.head(404, "Content-Type: application/json");
                exchange.write("{\"detail\": \"Not Found\"}");
                exchange.cut();
            } else if (request.path().endsWith("/chat-requirements")) {
                exchange.head(200, "Content-Type: application/json");
                exchange.write("{\"token\": \"t-" + tokens.incrementAndGet() + "\", \"proofofwork\": {\"required\": true, "
                        + "\"seed\": \"0.5\", \"difficulty\": \"0fffff\"}}");
                exchange.cut();
            } else {
                conversation.handle(request, exchange);
            }
        });
    }

    /** The exchange of the next conversation request (skipping home page and requirements). */
    public static RawHttpServer.Exchange conversationExchange(RawHttpServer server) throws InterruptedException {
        for (int i = 0; i < 8; i++) {
            RawHttpServer.Request request = server.requests().poll(10, TimeUnit.SECONDS);
            RawHttpServer.Exchange exchange = server.exchanges().poll(10, TimeUnit.SECONDS);
            if (request != null && request.path().equals("/backend-anon/conversation")) {
                return exchange;
            }
        }
        throw new AssertionError("no conversation request arrived");
    }
}
