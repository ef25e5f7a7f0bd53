package dev.chatsidecar.server.local;

import java.util.List;

/**
 * Cuts generated text at the first stop text. Text that might be the start of a stop text is held
 * back until the next piece decides, so nothing of a stop text ever reaches the client, and nothing
 * else is lost: {@link #flush()} returns what is still held when generation ends.
 */
final class StopTextFilter {
    private final List<String> stopTexts;
    private final StringBuilder held = new StringBuilder();
    private boolean stopped;

    StopTextFilter(List<String> stopTexts) {
        this.stopTexts = List.copyOf(stopTexts);
    }

    /** Takes the next piece and returns the text that is safe to send now (maybe empty). */
    String accept(String piece) {
        if (stopped) {
            return "";
        }
        held.append(piece);
        int cut = -1;
        for (String stop : stopTexts) {
            int at = held.indexOf(stop);
            if (at >= 0 && (cut < 0 || at < cut)) {
                cut = at;
            }
        }
        if (cut >= 0) {
            stopped = true;
            String out = held.substring(0, cut);
            held.setLength(0);
            return out;
        }
        int keep = longestStopPrefixAtEnd();
        String out = held.substring(0, held.length() - keep);
        held.delete(0, held.length() - keep);
        return out;
    }

    /** Whether a stop text was found; everything after it is dropped. */
    boolean stopped() {
        return stopped;
    }

    /** The text still held back (generation ended without completing a stop text). */
    String flush() {
        String out = held.toString();
        held.setLength(0);
        return out;
    }

    private int longestStopPrefixAtEnd() {
        String text = held.toString();
        int best = 0;
        for (String stop : stopTexts) {
            int max = Math.min(stop.length() - 1, text.length());
            for (int length = max; length > best; length--) {
                if (text.regionMatches(text.length() - length, stop, 0, length)) {
                    best = length;
                    break;
                }
            }
        }
        return best;
    }
}
