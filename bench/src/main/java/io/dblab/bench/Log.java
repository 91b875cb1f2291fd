package io.dblab.bench;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The benchmarks' progress on the console, one line per step with the time of day. */
final class Log {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private Log() {}

    static void log(String format, Object... args) {
        System.out.println(LocalTime.now().format(CLOCK) + " " + String.format(Locale.ROOT, format, args));
        System.out.flush();
    }
}
