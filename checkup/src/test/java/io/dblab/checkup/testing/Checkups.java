package io.dblab.checkup.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.dblab.checkup.api.Check;
import io.dblab.checkup.api.Finding;
import io.dblab.checkup.api.HostData;
import io.dblab.checkup.api.Priority;
import io.dblab.checkup.report.CheckResult;
import io.dblab.checkup.report.CheckupReport;
import io.dblab.checkup.runner.CheckRegistry;
import io.dblab.checkup.runner.CheckupRequest;
import io.dblab.checkup.runner.CheckupRunner;
import io.dblab.checkup.runner.ConnTarget;
import io.dblab.checkup.runner.PgSession;
import io.dblab.testkit.TestPostgres;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** Runs checkups against test servers as their superuser. */
public final class Checkups {
    /** The checks of this part of the catalog (the others are tested with their own classes). */
    public static final String MY_CHECKS = "A002,A003,A004,A005,A006,A007,A010,D004,G001,G002,G003,L001,L003,L004";

    /** A test's workload on a server. */
    public interface Load {
        void run() throws Exception;
    }

    private Checkups() {}

    public static ConnTarget target(int port, String database) {
        return new ConnTarget("127.0.0.1", port, database, "postgres", Map.of());
    }

    public static PgSession session(int port, String database) throws SQLException {
        ConnTarget t = target(port, database);
        return PgSession.open(t, t.name(), Optional.of(TestPostgres.PASSWORD));
    }

    public static CheckupReport run(List<ConnTarget> hosts, String checks, Map<String, String> options,
                                    OptionalLong ram, Duration interval, List<String> warnings) throws InterruptedException {
        return run(hosts, CheckRegistry.load().select(checks), options, ram, interval, warnings);
    }

    /**
     * As {@link #run(List, String, Map, OptionalLong, Duration, List)}, with {@code load} run on one
     * host between the first and the second sample of the sampled checks.
     */
    public static CheckupReport runWithLoadBetweenSamples(ConnTarget host, String checks, Map<String, String> options,
                                                          Duration interval, List<String> warnings,
                                                          Load load) throws InterruptedException {
        return run(List.of(host), LoadAfterFirstSample.after(CheckRegistry.load().select(checks), load), options,
                OptionalLong.empty(), interval, warnings);
    }

    private static CheckupReport run(List<ConnTarget> hosts, List<Check> selected, Map<String, String> options,
                                     OptionalLong ram, Duration interval, List<String> warnings) throws InterruptedException {
        CheckupRunner runner = new CheckupRunner(
                (target, name) -> PgSession.open(target, name, Optional.of(TestPostgres.PASSWORD)),
                Clock.systemUTC(), warnings::add);
        return runner.run(new CheckupRequest("test", hosts, selected, interval, ram, options));
    }

    public static CheckupReport run(List<ConnTarget> hosts, String checks, Map<String, String> options,
                                    OptionalLong ram) throws InterruptedException {
        return run(hosts, checks, options, ram, Duration.ZERO, new ArrayList<>());
    }

    public static CheckResult check(CheckupReport report, String id) {
        return report.check(id).orElseThrow(() -> new AssertionError("no result for " + id));
    }

    /** What the check collected on the report's first host. */
    public static HostData data(CheckupReport report, String id) {
        return check(report, id).byHost().values().iterator().next().data();
    }

    /** The check's findings of one priority. */
    public static List<Finding> findings(CheckupReport report, String id, Priority priority) {
        return check(report, id).findings().stream().filter(f -> f.priority() == priority).toList();
    }

    /**
     * Asserts that each of the checks (IDs separated by commas) ran on every host, in every
     * database ({@code database_errors}), and concluded without an error.
     */
    public static void assertRanWithoutErrors(CheckupReport report, String ids) {
        for (String id : ids.split(",")) {
            CheckResult c = check(report, id);
            assertThat(c.byHost().values()).as(id).allSatisfy(r -> {
                assertThat(r.error()).as(id).isNull();
                assertThat(r.data().values()).as(id).doesNotContainKey("database_errors");
            });
            assertThat(c.concludeError()).as(id).isNull();
        }
    }
}
