package io.dblab.checkup.api;

import java.sql.SQLException;
import java.time.Duration;

/**
 * A check that needs two samples of cumulative statistics taken some time apart (the workload
 * checks reading {@code pg_stat_statements}). For such a check the runner does not call
 * {@link #collect}; on every host it calls {@link #sample} once for all sampled checks, waits
 * {@code --interval}, calls {@link #sample} again, and then {@link #combine} with both samples and
 * the time that really passed between them. The result is this host's data, passed to
 * {@link #conclude} like any other check's. A {@link CheckUnavailableException} (or SQLException)
 * from either sample or from combine becomes this host's error in the report.
 */
public interface SampledCheck extends Check {

    /** One sample of this host's cumulative counters; metadata only, like any HostData. */
    HostData sample(HostConnection host) throws SQLException;

    /**
     * This host's data from the two samples; {@code elapsed} is the time between the starts of the
     * two sample calls (about {@code --interval}; zero or more).
     */
    HostData combine(HostConnection host, HostData first, HostData second, Duration elapsed)
            throws SQLException;

    /** Not called by the runner for sampled checks; takes two samples back to back. */
    @Override
    default HostData collect(HostConnection host) throws SQLException {
        long start = System.nanoTime();
        HostData first = sample(host);
        long between = System.nanoTime();
        HostData second = sample(host);
        return combine(host, first, second, Duration.ofNanos(between - start));
    }
}
