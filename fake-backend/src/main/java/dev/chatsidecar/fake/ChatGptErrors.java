package dev.chatsidecar.fake;

import java.io.IOException;

/** The error responses trigger words ask for on {@code POST /backend-anon/conversation}. */
final class ChatGptErrors {
    static final String UNUSUAL_ACTIVITY =
            "Unusual activity has been detected from your device. Try again later. (fake-id)";
    static final String CAP_BODY = "{\"detail\":{\"code\":\"model_cap_exceeded\","
            + "\"message\":\"You've reached our limit of messages per hour.\",\"clears_in\":120}}";
    static final String CHALLENGE_BODY = "{\"detail\":{\"code\":\"challenge_required\","
            + "\"message\":\"Please complete the verification to continue. (fake)\"}}";
    static final String CLOUDFLARE_PAGE = "<!DOCTYPE html><html lang=\"en-US\"><head>"
            + "<title>Just a moment...</title>"
            + "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=UTF-8\">"
            + "</head><body><noscript>Enable JavaScript and cookies to continue</noscript>"
            + "<script>(function(){window._cf_chl_opt={cvId:'3',cType:'managed'};"
            + "var a=document.createElement('script');a.src='/cdn-cgi/challenge-platform/h/g/orchestrate/"
            + "chl_page/v1?ray=fake';document.getElementsByTagName('head')[0].appendChild(a);}());</script>"
            + "</body></html>";
    static final String BAD_GATEWAY_PAGE = "<html><head><title>502 Bad Gateway</title></head>"
            + "<body><center><h1>502 Bad Gateway</h1></center><hr><center>cloudflare</center></body></html>";

    private ChatGptErrors() {
    }

    /** Sends the error the triggers ask for and returns true, or returns false when none. */
    static boolean sendIfTriggered(Triggers triggers, HttpResponse response) throws IOException {
        if (triggers.cloudflare) {
            response.sendHtml(403, CLOUDFLARE_PAGE, "cf-mitigated", "challenge", "cf-ray", "fake-ray");
            return true;
        }
        if (triggers.challenge) {
            response.sendJson(403, CHALLENGE_BODY);
            return true;
        }
        if (triggers.cap) {
            response.sendJson(429, CAP_BODY);
            return true;
        }
        int status = triggers.errorStatus;
        if (status == 0) {
            return false;
        }
        switch (status) {
            case 401:
                response.sendJson(401, FakeJson.detail("Unauthorized: missing or invalid session (fake)"));
                break;
            case 403:
                response.sendJson(403, FakeJson.detail(UNUSUAL_ACTIVITY));
                break;
            case 429:
                response.sendJson(429, FakeJson.detail("Too many requests. Please slow down. (fake)"),
                        "Retry-After", "37");
                break;
            case 502:
                response.sendHtml(502, BAD_GATEWAY_PAGE);
                break;
            default:
                response.sendJson(status, FakeJson.detail("Fake error " + status));
        }
        return true;
    }
}
