package io.dblab.checkup.checks.vacuum;

import static org.assertj.core.api.Assertions.assertThat;

import io.dblab.checkup.api.CheckContext;
import io.dblab.checkup.api.Finding;
import io.dblab.checkup.api.HostData;
import io.dblab.checkup.api.HostRole;
import io.dblab.checkup.api.Priority;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The thresholds of F001–F008 on data made up for the purpose (no server). */
class VacuumConclusionsTest {
    static final CheckContext NONE = new CheckContext(Map.of("h", HostRole.PRIMARY), OptionalLong.empty(), Map.of());

    static Map<String, Object> setting(String name, String value, String unit) {
        return unit == null ? Map.of("name", name, "setting", value) : Map.of("name", name, "setting", value, "unit", unit);
    }

    static List<Finding> conclude(io.dblab.checkup.api.Check check, Map<String, Object> data, CheckContext context) {
        return check.conclude(Map.of("h", HostData.of(data)), context);
    }

    @Test
    void wraparoundOverHalfIsP1AndOverAQuarterP2() {
        Map<String, Object> data = Map.of(
                "settings", List.of(setting("autovacuum_freeze_max_age", "200000000", null)),
                "databases", List.of(
                        Map.of("database", "old", "age", 1_200_000_000L),
                        Map.of("database", "middle", "age", 600_000_000L),
                        Map.of("database", "young", "age", 150_000_000L)),
                "oldest_tables", List.of(
                        Map.of("database", "old", "table", "public.ancient", "age", 1_200_000_000L),
                        Map.of("database", "old", "table", "public.recent", "age", 10_000L)));
        List<Finding> f = conclude(new XidWraparoundCheck(), data, NONE);
        assertThat(f).extracting(Finding::priority).containsExactly(Priority.P1, Priority.P2);
        assertThat(f.get(0).conclusion()).contains("Database old", "1,200,000,000", "55.9%", "6.0× autovacuum_freeze_max_age",
                "public.ancient").doesNotContain("public.recent");
        assertThat(f.get(1).conclusion()).contains("Database middle", "27.9%");

        List<Finding> strict = conclude(new XidWraparoundCheck(), data, new CheckContext(Map.of(), OptionalLong.empty(),
                Map.of(), Map.of("f002.p2_percent", "5")));
        assertThat(strict).extracting(Finding::priority).containsExactly(Priority.P1, Priority.P2, Priority.P2);
    }

    @Test
    void multixactUsesItsOwnWords() {
        Map<String, Object> data = Map.of(
                "settings", List.of(setting("autovacuum_multixact_freeze_max_age", "400000000", null)),
                "databases", List.of(Map.of("database", "db", "age", 1_500_000_000L)));
        assertThat(conclude(new MultixactWraparoundCheck(), data, NONE)).singleElement().satisfies(f -> {
            assertThat(f.priority()).isEqualTo(Priority.P1);
            assertThat(f.conclusion()).contains("MultiXact ID", "autovacuum_multixact_freeze_max_age");
        });
    }

    @Test
    void deadTupleThresholdsAndMinimumSize() {
        Map<String, Object> data = Map.of("tables", List.of(
                Map.of("database", "d", "table", "a", "live_tuples", 40_000L, "dead_tuples", 60_000L, "dead_pct", 60.0),
                Map.of("database", "d", "table", "b", "live_tuples", 70_000L, "dead_tuples", 30_000L, "dead_pct", 30.0),
                Map.of("database", "d", "table", "c", "live_tuples", 90_000L, "dead_tuples", 10_000L, "dead_pct", 10.0),
                Map.of("database", "d", "table", "tiny", "live_tuples", 10L, "dead_tuples", 9_000L, "dead_pct", 99.9)));
        List<Finding> f = conclude(new DeadTuplesCheck(), data, NONE);
        assertThat(f).extracting(Finding::priority).containsExactly(Priority.P1, Priority.P2);
        assertThat(f.get(0).conclusion()).contains("Table a", "never vacuumed");
    }

    @Test
    void autovacuumOffAndOldCostDefaultsAreP1() {
        Map<String, Object> data = Map.of("server_version_num", 110020, "settings", List.of(
                setting("autovacuum", "off", null), setting("track_counts", "on", null),
                setting("autovacuum_vacuum_scale_factor", "0.05", null),
                setting("autovacuum_analyze_scale_factor", "0.02", null),
                setting("autovacuum_vacuum_cost_delay", "20", "ms"),
                setting("autovacuum_vacuum_cost_limit", "-1", null),
                setting("vacuum_cost_limit", "200", null)));
        List<Finding> f = conclude(new AutovacuumSettingsCheck(), data, NONE);
        assertThat(f).extracting(Finding::priority).containsOnly(Priority.P1);
        assertThat(f).extracting(Finding::conclusion)
                .anySatisfy(c -> assertThat(c).contains("autovacuum is off"))
                .anySatisfy(c -> assertThat(c).contains("autovacuum_vacuum_cost_delay = 20 ms"));
    }

    @Test
    void tunedSettingsGiveNoP1() {
        Map<String, Object> data = Map.of("server_version_num", 150000, "settings", List.of(
                setting("autovacuum", "on", null), setting("track_counts", "on", null),
                setting("autovacuum_vacuum_scale_factor", "0.02", null),
                setting("autovacuum_analyze_scale_factor", "0.01", null),
                setting("autovacuum_vacuum_cost_delay", "2", "ms"),
                setting("autovacuum_vacuum_cost_limit", "2000", null)),
                "tables_with_autovacuum_options", List.of(Map.of("database", "d", "table", "public.t",
                        "table_options", "autovacuum_vacuum_scale_factor=0.01", "toast_options", "")));
        assertThat(conclude(new AutovacuumSettingsCheck(), data, NONE)).isEmpty();
    }

    @Test
    void autovacuumMemoryAgainstTheLargestTableAndTheRam() {
        Map<String, Object> data = Map.of("server_version_num", 150000, "settings", List.of(
                setting("autovacuum_max_workers", "10", null), setting("autovacuum_work_mem", "-1", "kB"),
                setting("maintenance_work_mem", "65536", "kB"), setting("autovacuum_vacuum_cost_limit", "2000", null)),
                "databases", List.of(Map.of("database", "d", "tables", 5000L, "largest_table_rows", 50_000_000L)));
        CheckContext smallRam = new CheckContext(Map.of(), OptionalLong.of(2L * 1024 * 1024 * 1024), Map.of());
        List<Finding> f = conclude(new AutovacuumResourcesCheck(), data, smallRam);
        assertThat(f).extracting(Finding::priority).containsExactly(Priority.P2, Priority.P2);
        assertThat(f.get(0).conclusion()).contains("64.0 MiB", "50,000,000 rows");
        assertThat(f.get(1).conclusion()).contains("640.0 MiB", "25%");
    }

    @Test
    void heapEstimateOfKnownShapes() {
        // two int4 columns: 24-byte header + 8 bytes = 32, + 4 line pointer; 226 per page
        List<BloatEstimate.Column> ints = List.of(new BloatEstimate.Column(false, 4, 'i', 4.0, 0.0),
                new BloatEstimate.Column(false, 4, 'i', 4.0, 0.0));
        assertThat(BloatEstimate.heapTupleBytes(ints)).hasValue(36.0);
        assertThat(BloatEstimate.heapPages(226_000, 36, 8192, 100)).isEqualTo(1000.0);
        assertThat(BloatEstimate.heapPages(226_000, 36, 8192, 50)).isEqualTo(2000.0);
        // an int4 then an int8: padding before the int8
        List<BloatEstimate.Column> padded = List.of(new BloatEstimate.Column(false, 4, 'i', 4.0, 0.0),
                new BloatEstimate.Column(false, 8, 'd', 8.0, 0.0));
        assertThat(BloatEstimate.heapTupleBytes(padded)).hasValue(24 + 16 + 4.0);
        // a column without statistics: no estimate
        assertThat(BloatEstimate.heapTupleBytes(List.of(new BloatEstimate.Column(false, 4, 'i', null, null)))).isEmpty();
    }

    @Test
    void btreeEstimateOfAnIntegerIndex() {
        List<BloatEstimate.Column> key = List.of(new BloatEstimate.Column(false, 4, 'i', 4.0, 0.0));
        assertThat(BloatEstimate.indexTupleBytes(key)).hasValue(20.0);
        // 285 entries per leaf page at 70%: 351 leaves, 2 internal pages, the meta page
        assertThat(BloatEstimate.btreePages(100_000, 20, 8192, 90)).isEqualTo(354.0);
        // a lower fillfactor counts
        assertThat(BloatEstimate.btreePages(100_000, 20, 8192, 50)).isGreaterThan(480.0);
    }
}
