package io.dblab.checkup.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.dblab.checkup.api.Check;
import io.dblab.checkup.api.CheckContext;
import io.dblab.checkup.api.CheckUnavailableException;
import io.dblab.checkup.api.Finding;
import io.dblab.checkup.api.HostConnection;
import io.dblab.checkup.api.HostData;
import io.dblab.checkup.api.Priority;
import io.dblab.checkup.api.SampledCheck;
import io.dblab.checkup.report.CheckResult;
import io.dblab.checkup.report.CheckupReport;
import io.dblab.checkup.testing.Checkups;
import io.dblab.testkit.TestPostgres;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The runner's contract with checks: sampling, failures per check, broken sessions, redaction, options. */
class CheckupRunnerTest {
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());

    private abstract static class Simple implements Check {
        private final String id;

        Simple(String id) {
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public String title() {
            return "Test " + id;
        }

        @Override
        public List<Finding> conclude(Map<String, HostData> byHost, CheckContext context) {
            return List.of(Finding.of(Priority.P3, id + " saw " + byHost.keySet() + " option "
                    + context.option("x.y", 7), null));
        }
    }

    private final class Sampled extends Simple implements SampledCheck {
        volatile Duration elapsed;

        Sampled() {
            super("K900");
        }

        @Override
        public HostData sample(HostConnection host) throws SQLException {
            events.add("sample");
            return HostData.of(Map.of("n", host.query("SELECT 1 AS n").get(0).get("n")));
        }

        @Override
        public HostData combine(HostConnection host, HostData first, HostData second, Duration elapsed) {
            this.elapsed = elapsed;
            events.add("combine");
            return HostData.of(Map.of("first", first.get("n"), "second", second.get("n"), "elapsed_ms", elapsed.toMillis()));
        }
    }

    @Test
    void runsEveryCheckWhateverTheOthersDo() throws Exception {
        Sampled sampled = new Sampled();
        List<Check> checks = List.of(
                sampled,
                new Simple("A901") {
                    @Override
                    public HostData collect(HostConnection host) {
                        events.add("ordinary");
                        throw new CheckUnavailableException("extension foo is not installed");
                    }
                },
                new Simple("A902") {
                    @Override
                    public HostData collect(HostConnection host) throws SQLException {
                        return HostData.of(Map.of("r", host.query("SELECT * FROM no_such_table")));
                    }
                },
                new Simple("A903") {
                    @Override
                    public HostData collect(HostConnection host) throws SQLException {
                        host.query("SELECT pg_terminate_backend(pg_backend_pid())");
                        return HostData.of(Map.of());
                    }
                },
                new Simple("A904") {
                    @Override
                    public HostData collect(HostConnection host) throws SQLException {
                        return HostData.of(Map.of("settings", List.of(Map.of("name", "primary_conninfo",
                                "setting", "host=h password=" + host.query("SELECT 'Pw-From-Server' AS p").get(0).get("p")))));
                    }
                },
                new Simple("A905") {
                    @Override
                    public HostData collect(HostConnection host) {
                        throw new IllegalStateException("bug in the check");
                    }
                },
                new Simple("A906") {
                    @Override
                    public HostData collect(HostConnection host) {
                        return HostData.of(Map.of());
                    }

                    @Override
                    public List<Finding> conclude(Map<String, HostData> byHost, CheckContext context) {
                        throw new IllegalArgumentException("cannot conclude");
                    }
                });
        try (TestPostgres pg = TestPostgres.start()) {
            CheckupRunner runner = new CheckupRunner(
                    (target, name) -> PgSession.open(target, name, Optional.of(TestPostgres.PASSWORD)),
                    Clock.systemUTC(), w -> events.add("warning " + w));
            CheckupReport report = runner.run(new CheckupRequest("p", List.of(Checkups.target(pg.port(), "postgres")),
                    checks, Duration.ofMillis(1500), OptionalLong.empty(), Map.of("x.y", "42")));
            String host = "127.0.0.1:" + pg.port();

            assertThat(events).containsExactly("sample", "ordinary", "sample", "combine");
            assertThat(sampled.elapsed).isGreaterThanOrEqualTo(Duration.ofMillis(1500));
            CheckResult k = Checkups.check(report, "K900");
            assertThat(k.byHost().get(host).data().values()).containsEntry("first", 1).containsEntry("second", 1);
            assertThat(k.findings()).singleElement().satisfies(f -> assertThat(f.conclusion()).contains("option 42"));

            assertThat(Checkups.check(report, "A901").byHost().get(host).error()).isEqualTo("extension foo is not installed");
            assertThat(Checkups.check(report, "A901").findings()).isEmpty();
            assertThat(Checkups.check(report, "A902").byHost().get(host).error())
                    .startsWith("query failed: relation \"no_such_table\" does not exist").contains("42P01");
            assertThat(Checkups.check(report, "A903").byHost().get(host).error()).startsWith("query failed");
            // the session was reopened after A903 killed it
            assertThat(Checkups.check(report, "A904").byHost().get(host).data().values().toString())
                    .contains("password=********").doesNotContain("Pw-From-Server");
            assertThat(Checkups.check(report, "A905").byHost().get(host).error())
                    .isEqualTo("check failed: IllegalStateException: bug in the check");
            assertThat(Checkups.check(report, "A906").concludeError()).contains("cannot conclude");
            assertThat(events).noneMatch(e -> e.startsWith("warning"));
        }
    }
}
