package dev.chatsidecar.server.log;

import java.util.regex.Pattern;

/** Masks values that may carry secrets before text reaches a log or an error message. */
public final class Redact {
    private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)[A-Za-z0-9._~+/=-]+");
    private static final Pattern API_KEY = Pattern.compile("\\bsk-[A-Za-z0-9_-]{8,}");
    private static final Pattern COOKIE = Pattern.compile("(?i)((?:set-)?cookie\\s*[:=]\\s*)[^\\r\\n]+");
    private static final Pattern SENTINEL = Pattern.compile("gAAAAA[A-Za-z0-9_=+/-]{8,}");
    private static final Pattern URL_USER_INFO = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^/@\\s\"]+@");

    private Redact() {
    }

    /** The text with bearer tokens, API keys, cookie headers, sentinel tokens and URL passwords masked. */
    public static String secrets(String text) {
        if (text == null) {
            return null;
        }
        String out = URL_USER_INFO.matcher(text).replaceAll("$1***@");
        out = BEARER.matcher(out).replaceAll("$1***");
        out = API_KEY.matcher(out).replaceAll("sk-***");
        out = COOKIE.matcher(out).replaceAll("$1***");
        return SENTINEL.matcher(out).replaceAll("gAAAAA***");
    }

    /** Cuts long text for a log line. */
    public static String abbreviate(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        return text.substring(0, max) + "…(" + text.length() + " chars)";
    }
}
