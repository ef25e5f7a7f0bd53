package dev.chatsidecar.server.log;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.logging.Handler;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The sidecar's logger: one line per event on stderr (and optionally a file), never on stdout.
 * Callers must not pass secrets; {@link Redact} helps with values that might hold one.
 */
public final class Log {
    /** Levels, most severe first. */
    public enum Level { ERROR, WARN, INFO, DEBUG, TRACE }

    private static volatile Level threshold = Level.INFO;
    private static volatile PrintStream err = System.err;
    private static volatile PrintStream file;
    private static volatile boolean plain;

    private final String name;

    private Log(String name) {
        this.name = name;
    }

    public static Log get(Class<?> type) {
        return new Log(type.getSimpleName());
    }

    /** Sets the level from a name ({@code error|warn|info|debug|trace}); unknown names keep the level. */
    public static boolean setLevel(String levelName) {
        if (levelName == null) {
            return false;
        }
        String upper = levelName.trim().toUpperCase(Locale.ROOT);
        if (upper.equals("WARNING")) {
            upper = "WARN";
        }
        for (Level level : Level.values()) {
            if (level.name().equals(upper)) {
                threshold = level;
                return true;
            }
        }
        return false;
    }

    /** Also appends log lines to {@code path}. */
    public static synchronized void setFile(String path) throws IOException {
        if (file != null) {
            file.close();
            file = null;
        }
        if (path != null && !path.isBlank()) {
            file = new PrintStream(new FileOutputStream(path, true), true, StandardCharsets.UTF_8);
        }
    }

    /**
     * Plain lines ({@code chat-sidecar: message}, no time, level or source) for a person at a
     * terminal: the CLI's format unless the user asked for the log with {@code CHAT_SIDECAR_LOG}.
     */
    public static void usePlainLines(boolean on) {
        plain = on;
    }

    /** Writes to this stream instead of stderr (tests). */
    public static void setStream(OutputStream stream) {
        err = new PrintStream(stream, true, StandardCharsets.UTF_8);
    }

    /** Routes java.util.logging (used by LSP4J) into this log. */
    public static void captureJavaUtilLogging() {
        // reset() drops the configured handlers without creating them first: asking the root logger
        // for its handlers would build JUL's ConsoleHandler and SimpleFormatter only to throw them away
        // (a few milliseconds of start-up).
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        root.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                Level level = record.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue() ? Level.ERROR
                        : record.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue() ? Level.WARN
                        : record.getLevel().intValue() >= java.util.logging.Level.INFO.intValue() ? Level.INFO
                        : Level.DEBUG;
                String source = record.getLoggerName() == null ? "jul"
                        : record.getLoggerName().substring(record.getLoggerName().lastIndexOf('.') + 1);
                new Log(source).log(level, record.getMessage(), record.getThrown());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
    }

    public static boolean enabled(Level level) {
        return level.ordinal() <= threshold.ordinal();
    }

    public void error(String message) {
        log(Level.ERROR, message, null);
    }

    public void error(String message, Throwable t) {
        log(Level.ERROR, message, t);
    }

    public void warn(String message) {
        log(Level.WARN, message, null);
    }

    public void info(String message) {
        log(Level.INFO, message, null);
    }

    public void debug(String message) {
        log(Level.DEBUG, message, null);
    }

    public void trace(String message) {
        log(Level.TRACE, message, null);
    }

    public void log(Level level, String message, Throwable t) {
        if (!enabled(level)) {
            return;
        }
        String line = plain ? "chat-sidecar: " + escapeControls(message)
                : TimeFormat.TIME.format(LocalTime.now()) + " " + level + " [" + name + "] "
                        + escapeControls(message);
        write(err, line, t);
        PrintStream f = file;
        if (f != null) {
            write(f, line, t);
        }
    }

    /**
     * The text with control characters written as escapes ({@code \\n}, {@code \\u001b}, …): a log
     * line carries text from the client and the upstream, and a line break or terminal escape in it
     * must not forge a line of its own or repaint the terminal. Returns the same string when it has none.
     */
    public static String escapeControls(String text) {
        if (text == null) {
            return null;
        }
        int i = 0;
        while (i < text.length() && !isControl(text.charAt(i))) {
            i++;
        }
        if (i == text.length()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, i);
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!isControl(c)) {
                out.append(c);
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\t') {
                out.append("\\t");
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        return out.toString();
    }

    private static boolean isControl(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029';
    }

    private static void write(PrintStream out, String line, Throwable t) {
        synchronized (out) {
            out.println(line);
            if (t != null) {
                if (enabled(Level.DEBUG)) {
                    t.printStackTrace(out);
                } else {
                    out.println("    " + escapeControls(String.valueOf(t)));
                }
            }
        }
    }

    /**
     * The time stamp format, built on the first log line rather than at class load: building a
     * {@link DateTimeFormatter} costs several milliseconds of start-up, and a quiet start logs nothing.
     */
    private static final class TimeFormat {
        static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
    }
}
