package io.dblab.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/** The timings of one measured operation, in milliseconds, in the order they were taken. */
final class Sample {
    private final List<Double> millis = new ArrayList<>();

    void add(double ms) {
        millis.add(ms);
    }

    /** Times one run of {@code step} and keeps the result. */
    void time(Step step) throws Exception {
        add(millisOf(step));
    }

    /** How long one run of {@code step} took, in milliseconds. */
    static double millisOf(Step step) throws Exception {
        long started = System.nanoTime();
        step.run();
        return (System.nanoTime() - started) / 1e6;
    }

    int count() {
        return millis.size();
    }

    double median() {
        List<Double> sorted = sorted();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** The nearest-rank percentile: the smallest value that at least {@code percent}% of the values do not exceed. */
    double percentile(double percent) {
        List<Double> sorted = sorted();
        int rank = (int) Math.ceil(percent / 100 * sorted.size());
        return sorted.get(Math.max(rank, 1) - 1);
    }

    double min() {
        return sorted().get(0);
    }

    double max() {
        return sorted().get(millis.size() - 1);
    }

    List<Double> values() {
        return List.copyOf(millis);
    }

    /** "412 ms (380 ms – 530 ms)": the median first, because the report compares medians. */
    String cell() {
        if (millis.isEmpty()) {
            return "–";
        }
        return ms(median()) + " (" + ms(min()) + " – " + ms(max()) + ")";
    }

    static String ms(double value) {
        if (value >= 10_000) {
            return String.format(Locale.ROOT, "%.1f s", value / 1000);
        }
        return String.format(Locale.ROOT, value < 10 ? "%.1f ms" : "%.0f ms", value);
    }

    /**
     * The median of each key over several maps (a key missing from a map counts as 0 there), keys in
     * order of first appearance.
     */
    static Map<String, Double> medianByKey(List<Map<String, Double>> runs) {
        Map<String, Sample> samples = new LinkedHashMap<>();
        runs.forEach(run -> run.keySet().forEach(key -> samples.putIfAbsent(key, new Sample())));
        for (Map<String, Double> run : runs) {
            samples.forEach((key, sample) -> sample.add(run.getOrDefault(key, 0.0)));
        }
        Map<String, Double> medians = new LinkedHashMap<>();
        samples.forEach((key, sample) -> medians.put(key, sample.median()));
        return medians;
    }

    private List<Double> sorted() {
        if (millis.isEmpty()) {
            throw new IllegalStateException("no runs were measured");
        }
        List<Double> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        return sorted;
    }

    /** A measured step; checked exceptions pass through so that a failed run stops the benchmark. */
    @FunctionalInterface
    interface Step {
        void run() throws Exception;
    }
}
