package dev.chatsidecar.server.chatgpt;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.time.Clock;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The 18-slot configuration array a proof-of-work answer encodes. A browser fills it with
 * properties of the page and the machine; this sidecar fills it <em>honestly</em> from its own
 * environment and leaves slots that only a browser has empty — it never invents browser values:
 *
 * <pre>
 *  [0] screen size          0 (no screen)         [9]  second counter       set per attempt
 *  [1] Date().toString()    real clock, zone      [10] navigator key       "" (no navigator)
 *  [2] JS heap limit        Runtime.maxMemory()   [11] document key        "" (no document)
 *  [3] nonce                set per attempt       [12] window key          "" (no window)
 *  [4] user agent           chatgpt.userAgent     [13] performance.now()   ms since the session began
 *  [5] a page script URL    null (none loaded)    [14] a UUID              the sidecar's device id
 *  [6] build id             the page's data-build [15] location.search     ""
 *  [7] language             the JVM's locale      [16] processor count     availableProcessors()
 *  [8] languages            locale, language      [17] time origin (ms)    when the session began
 * </pre>
 *
 * The 2025–26 form ({@link FnvPowHash}) has {@value #FNV_SIZE} slots: the same 18, with the
 * elapsed milliseconds of the search in slot 9, then seven window probes ([18]–[24]), all {@code 0}
 * here (no window). Serialised as compact JSON (UTF-8, no escaping of non-ASCII or HTML characters).
 */
public final class PowConfig {
    public static final int SIZE = 18;
    /** Slots of the 2025–26 config. */
    public static final int FNV_SIZE = 25;
    static final int NONCE = 3;
    static final int SECONDS = 9;
    private static final Gson JSON = new GsonBuilder().serializeNulls().disableHtmlEscaping().create();
    private static final DateTimeFormatter JS_DATE =
            DateTimeFormatter.ofPattern("EEE MMM dd yyyy HH:mm:ss 'GMT'xx (zzzz)", Locale.US);

    private final List<Object> slots;
    private final String beforeNonce;
    private final String betweenNonceAndSeconds;
    private final String afterSeconds;

    private PowConfig(List<Object> slots) {
        if (slots.size() != SIZE && slots.size() != FNV_SIZE) {
            throw new IllegalArgumentException("a proof-of-work config has " + SIZE + " or " + FNV_SIZE
                    + " slots, got " + slots.size());
        }
        this.slots = Collections.unmodifiableList(new ArrayList<>(slots));
        int size = slots.size();
        String[] encoded = new String[size];
        for (int i = 0; i < size; i++) {
            encoded[i] = JSON.toJson(slots.get(i));
        }
        this.beforeNonce = "[" + String.join(",", Arrays.copyOfRange(encoded, 0, NONCE)) + ",";
        this.betweenNonceAndSeconds = "," + String.join(",", Arrays.copyOfRange(encoded, NONCE + 1, SECONDS)) + ",";
        this.afterSeconds = "," + String.join(",", Arrays.copyOfRange(encoded, SECONDS + 1, size)) + "]";
    }

    /** A config with exactly these slot values (tests, or a library user's own). */
    public static PowConfig of(List<?> slots) {
        return new PowConfig(new ArrayList<>(slots));
    }

    /**
     * The sidecar's own environment.
     *
     * @param timeOriginMillis when the session began (epoch ms), the analogue of a page's time origin
     * @param buildId          the page's build id, or {@code null}
     */
    public static PowConfig honest(String userAgent, String buildId, String deviceId, long timeOriginMillis,
                                   Clock clock, ZoneId zone, Locale locale) {
        return honest(userAgent, buildId, deviceId, timeOriginMillis, clock, zone, locale, SIZE);
    }

    /** {@link #honest(String, String, String, long, Clock, ZoneId, Locale)} with {@code size} slots (18 or 25). */
    public static PowConfig honest(String userAgent, String buildId, String deviceId, long timeOriginMillis,
                                   Clock clock, ZoneId zone, Locale locale, int size) {
        Runtime runtime = Runtime.getRuntime();
        long now = clock.millis();
        List<Object> slots = new ArrayList<>(size);
        slots.add(0);
        slots.add(JS_DATE.format(ZonedDateTime.ofInstant(clock.instant(), zone)));
        slots.add(runtime.maxMemory());
        slots.add(0);
        slots.add(userAgent);
        slots.add(null);
        slots.add(buildId);
        slots.add(languageTag(locale));
        slots.add(languages(locale));
        slots.add(0);
        slots.add("");
        slots.add("");
        slots.add("");
        slots.add((double) Math.max(0, now - timeOriginMillis));
        slots.add(deviceId);
        slots.add("");
        slots.add(runtime.availableProcessors());
        slots.add(timeOriginMillis);
        while (slots.size() < size) {
            slots.add(0); // window probes: there is no window
        }
        return new PowConfig(slots);
    }

    /** The BCP 47 tag of {@code locale}, {@code en-US} when the JVM has no usable locale. */
    public static String languageTag(Locale locale) {
        String tag = locale == null ? "" : locale.toLanguageTag();
        return tag.isEmpty() || tag.equals("und") ? "en-US" : tag;
    }

    /** The locale's tag, then its bare language when different ({@code en-US,en}). */
    public static String languages(Locale locale) {
        String tag = languageTag(locale);
        int dash = tag.indexOf('-');
        return dash > 0 ? tag + "," + tag.substring(0, dash) : tag;
    }

    /** The compact JSON with the nonce in slot 3 and {@code seconds} (the counter) in slot 9. */
    String json(int nonce, int seconds) {
        return beforeNonce + nonce + betweenNonceAndSeconds + seconds + afterSeconds;
    }

    /** The slot values (slots 3 and 9 as given). */
    public List<Object> slots() {
        return slots;
    }
}
