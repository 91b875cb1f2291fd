package io.dblab.checkup;

import static org.assertj.core.api.Assertions.assertThat;

import io.dblab.checkup.api.Finding;
import io.dblab.checkup.api.HostRole;
import io.dblab.checkup.api.Priority;
import io.dblab.checkup.report.CheckupReport;
import io.dblab.checkup.report.HostInfo;
import io.dblab.checkup.report.HostResult;
import io.dblab.checkup.testing.Checkups;
import io.dblab.testkit.TestPostgres;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** A primary and a streaming standby whose settings differ. */
class ReplicaTest {
    @Test
    void settingsThatDifferBetweenPrimaryAndStandbyAreP2() throws Exception {
        try (TestPostgres primary = TestPostgres.start(Map.of());
             TestPostgres standby = primary.startStandby(Map.of("work_mem", "8MB", "hot_standby_feedback", "on"))) {
            // the standby is given first: roles are detected, and the report lists the primary first
            CheckupReport report = Checkups.run(List.of(Checkups.target(standby.port(), "postgres"),
                    Checkups.target(primary.port(), "postgres")), Checkups.MY_CHECKS, Map.of(), OptionalLong.empty());
            String primaryName = "127.0.0.1:" + primary.port();
            String standbyName = "127.0.0.1:" + standby.port();
            assertThat(report.hosts()).extracting(HostInfo::name).containsExactly(primaryName, standbyName);
            assertThat(report.hosts()).extracting(HostInfo::role).containsExactly(HostRole.PRIMARY, HostRole.STANDBY);

            List<Finding> a006 = Checkups.check(report, "A006").findings();
            assertThat(a006).extracting(Finding::priority).containsOnly(Priority.P2);
            assertThat(a006).extracting(Finding::conclusion)
                    .anySatisfy(c -> assertThat(c).startsWith("Setting work_mem differs")
                            .contains(primaryName + ": 4096 kB", standbyName + ": 8192 kB"))
                    .anySatisfy(c -> assertThat(c).startsWith("Setting hot_standby_feedback differs"))
                    .noneSatisfy(c -> assertThat(c).containsAnyOf("Setting port ", "primary_conninfo",
                            "transaction_read_only", "in_hot_standby"));
            assertThat(a006).hasSize(2);

            for (String id : List.of("L001", "L003", "L004")) {
                HostResult onStandby = Checkups.check(report, id).byHost().get(standbyName);
                assertThat(onStandby.error()).as(id).contains("not run on a standby");
                assertThat(Checkups.check(report, id).byHost().get(primaryName).isOk()).as(id).isTrue();
            }
            Map<String, HostResult> a004 = Checkups.check(report, "A004").byHost();
            assertThat(a004.get(primaryName).data().<List<Map<String, Object>>>get("replicas"))
                    .singleElement().satisfies(r -> assertThat(r.get("state")).isEqualTo("streaming"));
            assertThat(a004.get(standbyName).data().<List<Map<String, Object>>>get("wal_receiver"))
                    .singleElement().satisfies(r -> assertThat(r.get("status")).isEqualTo("streaming"));
            assertThat(Checkups.check(report, "A002").findings()).extracting(Finding::conclusion)
                    .noneSatisfy(c -> assertThat(c).contains("differ"));
            assertThat(Checkups.check(report, "G001").byHost().values()).allSatisfy(r -> assertThat(r.isOk()).isTrue());
        }
    }
}
