package io.dblab.engine.pool;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes as written in the configuration: {@code 20GiB}, {@code 512MiB}, {@code 1G}, {@code 1.5TB},
 * {@code 1073741824}. Every unit is a power of 1024, as in PostgreSQL's own settings, so that
 * {@code 1GB} and {@code 1GiB} mean the same pool to the people who write these files.
 */
final class ByteSize {
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(?:([kmgtp])(?:i?b)?|b)?");
    private static final String UNITS = "kmgtp";

    private ByteSize() {}

    static long parse(String text) {
        Matcher m = text == null ? null : SIZE.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (m == null || !m.matches()) {
            throw invalid(text);
        }
        int power = m.group(2) == null ? 0 : UNITS.indexOf(m.group(2)) + 1;
        try {
            long bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(1024).pow(power))
                    .toBigInteger().longValueExact();
            if (bytes <= 0) {
                throw invalid(text);
            }
            return bytes;
        } catch (ArithmeticException tooLarge) {
            throw invalid(text);
        }
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("invalid size \"" + text + "\": expected a positive number of bytes,"
                + " optionally with a unit such as 512MiB, 20GiB or 1T");
    }
}
