package io.dblab.checkup.checks;

import static org.assertj.core.api.Assertions.assertThat;

import io.dblab.checkup.api.CheckContext;
import io.dblab.checkup.api.Finding;
import io.dblab.checkup.api.HostData;
import io.dblab.checkup.api.Priority;
import io.dblab.checkup.checks.cluster.VersionCheckAccess;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class VersionCheckTest {
    private static final CheckContext NO_CONTEXT = new CheckContext(Map.of(), OptionalLong.empty(), Map.of());

    private static List<Finding> conclude(LocalDate today, int... versions) {
        Map<String, HostData> byHost = new LinkedHashMap<>();
        for (int i = 0; i < versions.length; i++) {
            byHost.put("h" + i + ":5432", HostData.of(Map.of("server_version_num", versions[i])));
        }
        return VersionCheckAccess.at(today).conclude(byHost, NO_CONTEXT);
    }

    private static List<Priority> priorities(List<Finding> findings) {
        return findings.stream().map(Finding::priority).toList();
    }

    @Test
    void pastEndOfLifeIsP1() {
        List<Finding> f = conclude(LocalDate.of(2026, 11, 26), 130023);
        assertThat(f).anySatisfy(x -> {
            assertThat(x.priority()).isEqualTo(Priority.P1);
            assertThat(x.conclusion()).contains("13", "2025-11-13");
        });
        assertThat(priorities(conclude(LocalDate.of(2026, 11, 26), 90624))).contains(Priority.P1);
        assertThat(priorities(conclude(LocalDate.of(2026, 11, 26), 90224))).contains(Priority.P1);
    }

    @Test
    void endOfLifeWithinAYearOrAnOldMinorIsP2() {
        List<Finding> f = conclude(LocalDate.of(2026, 11, 26), 150018);
        assertThat(f).anySatisfy(x -> {
            assertThat(x.priority()).isEqualTo(Priority.P2);
            assertThat(x.conclusion()).contains("2027-11-11");
        });
        assertThat(priorities(f)).doesNotContain(Priority.P1);
        List<Finding> old = conclude(LocalDate.of(2026, 6, 1), 170002);
        assertThat(old).anySatisfy(x -> {
            assertThat(x.priority()).isEqualTo(Priority.P2);
            assertThat(x.conclusion()).contains("17.2", "17.10");
        });
    }

    @Test
    void minorsThatDifferBetweenHostsAreP2() {
        List<Finding> f = conclude(LocalDate.of(2026, 6, 1), 170010, 170009);
        assertThat(f).anySatisfy(x -> {
            assertThat(x.priority()).isEqualTo(Priority.P2);
            assertThat(x.conclusion()).startsWith("Minor versions differ").contains("17.10", "17.9");
        });
    }

    @Test
    void unknownVersionsCannotBeJudged() {
        List<Finding> f = conclude(LocalDate.of(2031, 1, 1), 190002);
        assertThat(priorities(f)).containsExactly(Priority.P3);
        assertThat(f.get(0).conclusion()).contains("Cannot tell");
    }

    @Test
    void currentLatestVersionHasNoProblem() {
        List<Finding> f = conclude(LocalDate.of(2026, 6, 1), 180004);
        assertThat(priorities(f)).doesNotContain(Priority.P1, Priority.P2, Priority.P3);
    }
}
