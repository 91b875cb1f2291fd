package io.dblab.engine.schedule;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;

/**
 * A five-field cron expression (minute hour day-of-month month day-of-week, in UTC) with the usual
 * forms: {@code *}, lists {@code 1,15}, ranges {@code 1-5}, steps {@code *}{@code /15} and {@code 10-50/10}.
 * As in cron, when both day fields are restricted, a day matches if either matches.
 */
public final class CronSchedule {
    private final String expression;
    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet days;
    private final BitSet months;
    private final BitSet weekdays;
    private final boolean anyDay;
    private final boolean anyWeekday;

    private CronSchedule(String expression, String[] f) {
        this.expression = expression;
        this.minutes = field(f[0], 0, 59, "minute");
        this.hours = field(f[1], 0, 23, "hour");
        this.days = field(f[2], 1, 31, "day of month");
        this.months = field(f[3], 1, 12, "month");
        BitSet dow = field(f[4], 0, 7, "day of week");
        if (dow.get(7)) {
            dow.set(0); // both 0 and 7 mean Sunday
        }
        this.weekdays = dow;
        this.anyDay = f[2].equals("*");
        this.anyWeekday = f[4].equals("*");
    }

    /** Parses the expression or throws IllegalArgumentException that says what is wrong. */
    public static CronSchedule parse(String expression) {
        String[] fields = expression.strip().split("\\s+");
        if (fields.length != 5) {
            throw new IllegalArgumentException("'" + expression + "' is not a cron expression: it needs 5 fields "
                    + "(minute hour day-of-month month day-of-week)");
        }
        return new CronSchedule(expression.strip(), fields);
    }

    /** The first matching minute strictly after {@code after}. */
    public Instant next(Instant after) {
        ZonedDateTime t = after.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        ZonedDateTime limit = t.plusYears(5);
        while (t.isBefore(limit)) {
            if (!months.get(t.getMonthValue())) {
                t = t.withDayOfMonth(1).withHour(0).withMinute(0).plusMonths(1);
            } else if (!dayMatches(t)) {
                t = t.withHour(0).withMinute(0).plusDays(1);
            } else if (!hours.get(t.getHour())) {
                t = t.withMinute(0).plusHours(1);
            } else if (!minutes.get(t.getMinute())) {
                t = t.plusMinutes(1);
            } else {
                return t.toInstant();
            }
        }
        throw new IllegalStateException("cron expression '" + expression + "' never fires");
    }

    @Override
    public String toString() {
        return expression;
    }

    private boolean dayMatches(ZonedDateTime t) {
        boolean day = days.get(t.getDayOfMonth());
        boolean weekday = weekdays.get(t.getDayOfWeek().getValue() % 7);
        if (anyDay || anyWeekday) {
            return day && weekday;
        }
        return day || weekday;
    }

    private static BitSet field(String text, int min, int max, String name) {
        BitSet set = new BitSet(max + 1);
        for (String part : text.split(",")) {
            int step = 1;
            String range = part;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                step = number(part.substring(slash + 1), 1, max, name);
                range = part.substring(0, slash);
            }
            int from;
            int to;
            if (range.equals("*")) {
                from = min;
                to = max;
            } else if (range.contains("-")) {
                from = number(range.substring(0, range.indexOf('-')), min, max, name);
                to = number(range.substring(range.indexOf('-') + 1), min, max, name);
            } else {
                from = number(range, min, max, name);
                to = slash >= 0 ? max : from;
            }
            if (from > to) {
                throw new IllegalArgumentException("the " + name + " range '" + range + "' is backwards");
            }
            for (int v = from; v <= to; v += step) {
                set.set(v);
            }
        }
        return set;
    }

    private static int number(String text, int min, int max, String name) {
        try {
            int value = Integer.parseInt(text);
            if (value < min || value > max) {
                throw new IllegalArgumentException("the " + name + " " + value + " is outside " + min + "-" + max);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a valid " + name);
        }
    }
}
