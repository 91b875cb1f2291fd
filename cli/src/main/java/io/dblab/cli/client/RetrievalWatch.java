package io.dblab.cli.client;

import io.dblab.client.DblabClient;
import io.dblab.client.model.Progress;
import io.dblab.client.model.Retrieval;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * Follows {@code /instance/retrieval} and draws one line per poll: status, phase and a progress
 * bar with rate and time left, until retrieval is no longer busy.
 */
final class RetrievalWatch {
    private static final Set<String> BUSY = Set.of("pending", "refreshing", "snapshotting", "renewed");
    private static final int BAR_WIDTH = 30;

    private RetrievalWatch() {}

    /** Returns the final status. */
    static Retrieval follow(DblabClient client, PrintWriter out, Duration interval) throws InterruptedException {
        Retrieval retrieval = client.retrieval();
        String last = "";
        while (true) {
            String line = describe(retrieval);
            if (!line.equals(last)) {
                out.println(line);
                out.flush();
                last = line;
            }
            if (!BUSY.contains(retrieval.status())) {
                return retrieval;
            }
            Thread.sleep(interval.toMillis());
            retrieval = client.retrieval();
        }
    }

    static String describe(Retrieval retrieval) {
        Progress p = retrieval.progress();
        if (p == null) {
            return "retrieval: " + retrieval.status();
        }
        StringBuilder line = new StringBuilder("retrieval: ").append(retrieval.status()).append(", ").append(p.phase());
        if (p.total() > 0) {
            double fraction = Math.min(1.0, (double) p.done() / p.total());
            int filled = (int) Math.round(fraction * BAR_WIDTH);
            line.append(" [").append("#".repeat(filled)).append(".".repeat(BAR_WIDTH - filled)).append("] ")
                    .append(String.format("%3.0f%% ", fraction * 100))
                    .append(amount(p.done(), p.unit())).append(" of ").append(amount(p.total(), p.unit()));
            if (p.ratePerSecond() > 0) {
                line.append(", ").append(rate(p.ratePerSecond(), p.unit())).append("/s");
            }
            if (p.etaSeconds() >= 0) {
                line.append(", ").append(p.etaSeconds()).append(" s left");
            }
        }
        return line.toString();
    }

    /** Whole units per second, or tenths below 10 ("0.4 tables/s", where a whole number would say 0). */
    private static String rate(double perSecond, String unit) {
        if ("bytes".equals(unit) || perSecond >= 10) {
            return amount((long) perSecond, unit);
        }
        return String.format(Locale.ROOT, "%.1f %s", perSecond, unit);
    }

    private static String amount(long value, String unit) {
        if (!"bytes".equals(unit)) {
            return value + " " + unit;
        }
        if (value >= 1L << 30) {
            return String.format("%.1f GiB", value / (double) (1L << 30));
        }
        return String.format("%.1f MiB", value / (double) (1L << 20));
    }
}
