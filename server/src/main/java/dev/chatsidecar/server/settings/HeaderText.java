package dev.chatsidecar.server.settings;

/**
 * Checks for setting values that end up in an HTTP request line or header (a user agent, a bearer
 * token, a base URL that becomes {@code origin}/{@code referer}). The JDK's HTTP client throws an
 * unchecked exception for such a value on every request, naming the value; these checks refuse it
 * when the setting is set instead, with a message that names the offending character but never the
 * value (it may be a secret).
 *
 * <p>Allowed: printable ASCII ({@code 0x21..0x7E}), and where {@link #firstIllegal} is told so,
 * spaces and tabs between other characters. Everything else — control characters (NUL, CR, LF, DEL),
 * and any non-ASCII character such as a zero-width space or an en dash pasted from a web page — is
 * refused: RFC 9110 only tolerates bytes above 0x7F as opaque "obs-text", which servers read as
 * Latin-1 or not at all.
 */
final class HeaderText {
    private HeaderText() {
    }

    /**
     * Describes the first character of {@code text} that cannot travel in a header, e.g.
     * {@code "character 7 is U+200B (an invisible or non-ASCII character)"}, or {@code null} when
     * every character can.
     *
     * @param spacesAllowed whether spaces and tabs are acceptable (a user agent: yes; a token: no)
     */
    static String firstIllegal(String text, boolean spacesAllowed) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean visible = c >= 0x21 && c <= 0x7E;
            boolean space = c == ' ' || c == '\t';
            if (!visible && !(space && spacesAllowed)) {
                return "character " + (i + 1) + " is " + codePoint(c) + " (" + what(c) + ")";
            }
        }
        return null;
    }

    /** {@code text} with every character outside printable ASCII shown as {@code \\uXXXX}, for messages. */
    static String visible(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c <= 0x7E) {
                sb.append(c);
            } else {
                sb.append(String.format("\\u%04X", (int) c));
            }
        }
        return sb.toString();
    }

    private static String codePoint(char c) {
        return String.format("U+%04X", (int) c);
    }

    private static String what(char c) {
        if (c == '\r' || c == '\n') {
            return "a line break";
        }
        if (c == ' ' || c == '\t') {
            return "a space";
        }
        if (c < 0x20 || c == 0x7F) {
            return "a control character";
        }
        return "an invisible or non-ASCII character";
    }
}
