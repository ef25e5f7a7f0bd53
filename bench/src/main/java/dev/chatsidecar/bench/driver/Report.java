package dev.chatsidecar.bench.driver;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The one table the driver prints: one row per measured figure, with the comparison line it is
 * judged against and whether the target is met. Rows without a target are context.
 */
public final class Report {
    private record Row(String area, String measure, String value, String target, String verdict) {
    }

    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    /** A figure without a target (a comparison line or context). */
    public void info(String area, String measure, String value) {
        rows.add(new Row(area, measure, value, "", ""));
    }

    /** A figure judged against a target. */
    public void judged(String area, String measure, String value, String target, boolean met) {
        rows.add(new Row(area, measure, value, target, met ? "met" : "NOT MET"));
    }

    /** A line printed under the table (how something was measured, what was skipped and why). */
    public void note(String text) {
        notes.add(text);
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    /** Prints the table as Markdown, so it can go into docs/benchmarks.md as is. */
    public void print(PrintStream out) {
        out.println("| area | measure | value | target | verdict |");
        out.println("|---|---|---:|---|---|");
        for (Row row : rows) {
            out.println("| " + row.area + " | " + row.measure + " | " + row.value + " | " + row.target + " | "
                    + row.verdict + " |");
        }
        if (!notes.isEmpty()) {
            out.println();
            for (String note : notes) {
                out.println("- " + note);
            }
        }
    }

    static String ms(double nanos) {
        return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
    }

    static String us(double nanos) {
        return String.format(Locale.ROOT, "%.1f µs", nanos / 1e3);
    }

    static String mb(double kb) {
        return String.format(Locale.ROOT, "%.1f MB", kb / 1024.0);
    }

    static String times(double ratio) {
        return String.format(Locale.ROOT, "%.2f×", ratio);
    }
}
