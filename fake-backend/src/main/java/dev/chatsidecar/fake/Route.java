package dev.chatsidecar.fake;

import java.io.IOException;

/** Answers one request. Must send exactly one response (or start and end one event stream). */
@FunctionalInterface
interface Route {
    void handle(HttpRequest request, HttpResponse response) throws IOException;
}
