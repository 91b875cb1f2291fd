package io.dblab.engine.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A five-field cron expression (minute hour day-of-month month day-of-week, in UTC) with the usual
 * forms: {@code *}, lists {@code 1,15}, ranges {@code 1-5}, steps {@code *}{@code /15} and {@code 10-50/10}.
 * As in cron, when both day fields are restricted, a day matches if either matches. Like the cron
 * library of the reference, it also takes {@code @every <duration>} ({@code @every 30s},
 * {@code @every 1h30m}): a fixed interval from the previous time, for short cycles in tests.
 */
public final class CronSchedule {
    private static final Pattern EVERY = Pattern.compile("@every\\s+((?:\\d+[hms])+)");
    private static final Pattern EVERY_PART = Pattern.compile("(\\d+)([hms])");
    private final String expression;
    /** Set for {@code @every}; then the cron fields are unused. */
    private final Duration every;
    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet days;
    private final BitSet months;
    private final BitSet weekdays;
    private final boolean anyDay;
    private final boolean anyWeekday;

    private CronSchedule(String expression, String[] f) {
        this.expression = expression;
        this.every = null;
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

    private CronSchedule(String expression, Duration every) {
        this.expression = expression;
        this.every = every;
        this.minutes = null;
        this.hours = null;
        this.days = null;
        this.months = null;
        this.weekdays = null;
        this.anyDay = true;
        this.anyWeekday = true;
    }

    /** Parses the expression or throws IllegalArgumentException that says what is wrong. */
    public static CronSchedule parse(String expression) {
        if (expression.strip().startsWith("@")) {
            return parseEvery(expression.strip());
        }
        String[] fields = expression.strip().split("\\s+");
        if (fields.length != 5) {
            throw new IllegalArgumentException("'" + expression + "' is not a cron expression: it needs 5 fields "
                    + "(minute hour day-of-month month day-of-week)");
        }
        return new CronSchedule(expression.strip(), fields);
    }

    private static CronSchedule parseEvery(String expression) {
        Matcher whole = EVERY.matcher(expression);
        if (!whole.matches()) {
            throw new IllegalArgumentException("'" + expression + "' is not a schedule: write 5 cron fields or "
                    + "@every with a duration such as 30s, 5m or 1h30m");
        }
        Duration every = Duration.ZERO;
        Matcher part = EVERY_PART.matcher(whole.group(1));
        while (part.find()) {
            long amount = Long.parseLong(part.group(1));
            every = every.plus(switch (part.group(2)) {
                case "h" -> Duration.ofHours(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofSeconds(amount);
            });
        }
        if (every.isZero()) {
            throw new IllegalArgumentException("'" + expression + "' never fires: the interval must be at least 1s");
        }
        return new CronSchedule(expression, every);
    }

    /** The first matching minute strictly after {@code after} (for {@code @every}: {@code after} plus the interval). */
    public Instant next(Instant after) {
        if (every != null) {
            return after.plus(every);
        }
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
