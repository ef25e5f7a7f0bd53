package dev.chatsidecar.bench.driver;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A list of measurements with the order statistics the report prints. */
public final class Samples {
    private final List<Double> values = new ArrayList<>();

    public void add(double value) {
        values.add(value);
    }

    public int size() {
        return values.size();
    }

    public double median() {
        return percentile(50);
    }

    /** The nearest-rank percentile ({@code p} in 0..100); NaN when empty. */
    public double percentile(double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    public double max() {
        return values.isEmpty() ? Double.NaN : Collections.max(values);
    }

    public double min() {
        return values.isEmpty() ? Double.NaN : Collections.min(values);
    }
}
