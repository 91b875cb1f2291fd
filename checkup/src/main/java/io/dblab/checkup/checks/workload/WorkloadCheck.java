package io.dblab.checkup.checks.workload;

import io.dblab.checkup.api.HostConnection;
import io.dblab.checkup.api.HostData;
import io.dblab.checkup.api.SampledCheck;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What K001–K003 share: two samples of {@code pg_stat_statements} (see {@link StatementStats}) and,
 * from the statements that ran between them, the check's own figures next to the notes about the
 * interval (its length, evictions, resets).
 */
abstract class WorkloadCheck implements SampledCheck {
    private final boolean withQueryText;

    /** {@code withQueryText}: whether the samples keep the normalized query texts (only K003 needs them). */
    WorkloadCheck(boolean withQueryText) {
        this.withQueryText = withQueryText;
    }

    @Override
    public HostData sample(HostConnection host) throws SQLException {
        return StatementStats.sample(host, withQueryText);
    }

    @Override
    public HostData combine(HostConnection host, HostData first, HostData second, Duration elapsed) {
        Map<String, Object> data = StatementStats.intervalInfo(first, second, elapsed);
        summarize(StatementStats.delta(first, second), Math.max(0.001, elapsed.toMillis() / 1000.0), data);
        return HostData.of(data);
    }

    /** Adds this check's figures to {@code data}, from the entries that ran in an interval of {@code seconds}. */
    abstract void summarize(List<Map<String, Object>> ran, double seconds, Map<String, Object> data);
}
