package dev.chatsidecar.fake;

import java.io.IOException;

/**
 * {@code GET /}: a tiny page with the build id in {@code <html data-build>}, the {@code oai-did}
 * device cookie and a session cookie (so tests can check cookies are sent back, never logged).
 */
final class HomepageRoute implements Route {
    static final String BUILD_ID = "prod-fake-build";
    static final String SESSION_COOKIE = "__Secure-fake-session";

    private static final String PAGE = "<!DOCTYPE html>\n"
            + "<html data-build=\"" + BUILD_ID + "\" lang=\"en-US\">\n"
            + "<head><meta charset=\"utf-8\"><title>ChatGPT (fake)</title>\n"
            + "<script src=\"/cdn/assets/fake-main.js\"></script></head>\n"
            + "<body><div id=\"root\">chat-sidecar fake backend</div></body>\n"
            + "</html>\n";

    private final Ids ids;

    HomepageRoute(Ids ids) {
        this.ids = ids;
    }

    @Override
    public void handle(HttpRequest request, HttpResponse response) throws IOException {
        response.sendHtml(200, PAGE,
                "Set-Cookie", "oai-did=" + ids.uuid() + "; Path=/; Max-Age=31536000; SameSite=Lax",
                "Set-Cookie", SESSION_COOKIE + "=" + ids.hex(48) + "; Path=/; HttpOnly; SameSite=Lax");
    }
}
