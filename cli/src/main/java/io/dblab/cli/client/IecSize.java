package io.dblab.cli.client;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A byte count the way the reference CLI shows sizes (go-humanize's {@code BigIBytes}): {@code "7 B"},
 * {@code "512 B"}, {@code "1.5 KiB"}, {@code "79 MiB"}. One decimal below 10 units, none above; the
 * fraction is that of the last division only, as there, so the same bytes give the same text.
 */
public final class IecSize {
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    private static final long BASE = 1024;

    private IecSize() {}

    public static String format(long bytes) {
        if (bytes < 10) {
            return bytes + " B";
        }
        long whole = bytes;
        long remainder = 0;
        int unit = 0;
        while (whole >= BASE && unit < UNITS.length - 1) {
            remainder = whole % BASE;
            whole /= BASE;
            unit++;
        }
        double value = whole + (double) remainder / BASE;
        // Go rounds the exact binary value half to even; BigDecimal(double) is that exact value
        int decimals = value < 10 ? 1 : 0;
        return new BigDecimal(value).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString() + " " + UNITS[unit];
    }
}
