package dev.chatsidecar.fake;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The trigger words a prompt may contain ({@code [[slow]]}, {@code [[error:429]]}, ...) and what
 * they ask for. Documented in the module's README.md.
 */
final class Triggers {
    static final int SLOW_CHUNKS = 60;
    static final long SLOW_DELAY_MS = 200;

    private static final Pattern CHUNKS = Pattern.compile("\\[\\[chunks:(\\d{1,6})]]");
    private static final Pattern ERROR = Pattern.compile("\\[\\[error:(\\d{3})]]");

    final boolean slow;
    /** Number of chunks asked for by {@code [[chunks:N]]}, or 0. */
    final int chunks;
    final boolean markdown;
    final boolean html;
    /** Status asked for by {@code [[error:STATUS]]}, or 0. */
    final int errorStatus;
    final boolean cloudflare;
    final boolean cap;
    final boolean cut;
    final boolean stall;
    final boolean noDone;
    final boolean inStreamError;
    final boolean length;
    /** {@code [[challenge]]}: 403 with {@code detail.code == "challenge_required"}. */
    final boolean challenge;
    /** {@code [[handoff]]}: the stream only hands the answer off to another channel. */
    final boolean handoff;
    /** {@code [[empty]]}: the stream ends with {@code [DONE]} and no assistant text. */
    final boolean empty;
    /** {@code [[moderation]]}: moderation blocks the answer after its first pieces. */
    final boolean moderation;

    private Triggers(String prompt) {
        slow = prompt.contains("[[slow]]");
        Matcher chunkMatch = CHUNKS.matcher(prompt);
        chunks = chunkMatch.find() ? Math.max(1, Integer.parseInt(chunkMatch.group(1))) : 0;
        markdown = prompt.contains("[[markdown]]");
        html = prompt.contains("[[html]]");
        Matcher errorMatch = ERROR.matcher(prompt);
        errorStatus = errorMatch.find() ? Integer.parseInt(errorMatch.group(1)) : 0;
        cloudflare = prompt.contains("[[cloudflare]]");
        cap = prompt.contains("[[cap]]");
        cut = prompt.contains("[[cut]]");
        stall = prompt.contains("[[stall]]");
        noDone = prompt.contains("[[noDone]]");
        inStreamError = prompt.contains("[[inStreamError]]");
        length = prompt.contains("[[length]]");
        challenge = prompt.contains("[[challenge]]");
        handoff = prompt.contains("[[handoff]]");
        empty = prompt.contains("[[empty]]");
        moderation = prompt.contains("[[moderation]]");
    }

    static Triggers in(String prompt) {
        return new Triggers(prompt == null ? "" : prompt);
    }

    /** The pause between stream events: 200 ms for {@code [[slow]]}, else the server's setting. */
    long eventDelayMs(long configured) {
        return slow ? Math.max(SLOW_DELAY_MS, configured) : configured;
    }

    /** Whether the stream stops early ({@code [[cut]]}, {@code [[stall]]}, {@code [[inStreamError]]}, {@code [[moderation]]}). */
    boolean stopsEarly() {
        return cut || stall || inStreamError || moderation;
    }
}
