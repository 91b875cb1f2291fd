package io.dblab.engine.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class CronScheduleTest {
    private static final Instant T = Instant.parse("2026-11-26T21:37:10Z"); // a Thursday

    @Test
    void everyFifteenMinutes() {
        assertThat(CronSchedule.parse("*/15 * * * *").next(T)).isEqualTo("2026-11-26T21:45:00Z");
    }

    @Test
    void everySixHoursOnTheHour() {
        assertThat(CronSchedule.parse("0 */6 * * *").next(T)).isEqualTo("2026-11-27T00:00:00Z");
    }

    @Test
    void mondaysAtMidnight() {
        assertThat(CronSchedule.parse("0 0 * * 1").next(T)).isEqualTo("2026-11-30T00:00:00Z");
    }

    @Test
    void sundayIsZeroAndSeven() {
        assertThat(CronSchedule.parse("30 4 * * 7").next(T)).isEqualTo("2026-11-29T04:30:00Z");
        assertThat(CronSchedule.parse("30 4 * * 0").next(T)).isEqualTo("2026-11-29T04:30:00Z");
    }

    @Test
    void listsRangesAndMonths() {
        assertThat(CronSchedule.parse("5,10 9-17 1 1 *").next(T)).isEqualTo("2027-01-01T09:05:00Z");
    }

    @Test
    void eitherDayFieldMatchesWhenBothAreSet() {
        // the 1st of the month or any Friday: Friday 27th comes first
        assertThat(CronSchedule.parse("0 12 1 * 5").next(T)).isEqualTo("2026-11-27T12:00:00Z");
    }

    @Test
    void nextIsStrictlyAfter() {
        assertThat(CronSchedule.parse("37 21 * * *").next(Instant.parse("2026-11-26T21:37:00Z")))
                .isEqualTo("2026-11-27T21:37:00Z");
    }

    @Test
    void badExpressionsSayWhatIsWrong() {
        assertThatThrownBy(() -> CronSchedule.parse("* * *")).hasMessageContaining("5 fields");
        assertThatThrownBy(() -> CronSchedule.parse("61 * * * *")).hasMessageContaining("minute 61");
        assertThatThrownBy(() -> CronSchedule.parse("* * * * mon")).hasMessageContaining("day of week");
        assertThatThrownBy(() -> CronSchedule.parse("5-1 * * * *")).hasMessageContaining("backwards");
    }

    @Test
    void everyIsAFixedIntervalFromTheGivenTime() {
        assertThat(CronSchedule.parse("@every 30s").next(T)).isEqualTo("2026-11-26T21:37:40Z");
        assertThat(CronSchedule.parse("@every 1h30m").next(T)).isEqualTo("2026-11-26T23:07:10Z");
        assertThat(CronSchedule.parse(" @every 2m ").toString()).isEqualTo("@every 2m");
    }

    @Test
    void everyNeedsADurationOfAtLeastASecond() {
        assertThatThrownBy(() -> CronSchedule.parse("@every 0s")).hasMessageContaining("never fires");
        assertThatThrownBy(() -> CronSchedule.parse("@every")).hasMessageContaining("30s, 5m or 1h30m");
        assertThatThrownBy(() -> CronSchedule.parse("@every 5 minutes")).hasMessageContaining("not a schedule");
        assertThatThrownBy(() -> CronSchedule.parse("@daily")).hasMessageContaining("not a schedule");
    }
}
