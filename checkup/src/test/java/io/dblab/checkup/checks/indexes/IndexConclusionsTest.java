package io.dblab.checkup.checks.indexes;

import static org.assertj.core.api.Assertions.assertThat;

import io.dblab.checkup.api.CheckContext;
import io.dblab.checkup.api.Finding;
import io.dblab.checkup.api.HostData;
import io.dblab.checkup.api.HostRole;
import io.dblab.checkup.api.Priority;
import io.dblab.checkup.checks.indexes.RedundantIndexesCheck.Index;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** H002 across hosts and with old statistics, and H004's comparison rules, on made-up data. */
class IndexConclusionsTest {
    static final long DAY = 86400;

    static Map<String, Object> db(String name, long bytes, long statsAge) {
        return Map.of("database", name, "database_bytes", bytes, "stats_age_seconds", statsAge);
    }

    static Map<String, Object> idx(String name, long scans, long bytes) {
        return Map.of("database", "app", "index", name, "table", "public.t", "scans", scans, "index_bytes", bytes,
                "supports_fk", false, "definition", "CREATE INDEX " + name.substring(7) + " ON public.t USING btree (a)");
    }

    @Test
    void anIndexUsedOnAReplicaIsNotUnused() {
        HostData primary = HostData.of(Map.of("databases", List.of(db("app", 1_000_000_000L, 30 * DAY)),
                "indexes", List.of(idx("public.unused_everywhere", 0, 100_000_000L), idx("public.used_on_replica", 0, 10))));
        HostData replica = HostData.of(Map.of("databases", List.of(db("app", 1_000_000_000L, 20 * DAY)),
                "indexes", List.of(idx("public.unused_everywhere", 0, 100_000_000L))));
        Map<String, HostData> byHost = new LinkedHashMap<>();
        byHost.put("replica:5432", replica);
        byHost.put("primary:5432", primary);
        CheckContext context = new CheckContext(Map.of("primary:5432", HostRole.PRIMARY, "replica:5432", HostRole.STANDBY),
                OptionalLong.empty(), Map.of());
        List<Finding> f = new UnusedIndexesCheck().conclude(byHost, context);
        assertThat(f).singleElement().satisfies(finding -> {
            assertThat(finding.priority()).isEqualTo(Priority.P2); // 10% of the database, statistics 20 days old
            assertThat(finding.conclusion()).contains("public.unused_everywhere", "on any of the 2 hosts", "10.0% of the database")
                    .doesNotContain("used_on_replica", "too young");
            assertThat(finding.doSql()).containsExactly("DROP INDEX CONCURRENTLY IF EXISTS public.unused_everywhere;");
            assertThat(finding.undoSql()).containsExactly(
                    "CREATE INDEX CONCURRENTLY IF NOT EXISTS unused_everywhere ON public.t USING btree (a);");
        });
    }

    @Test
    void smallUnusedIndexesAreP3AndYoungStatisticsCapAtP3() {
        HostData small = HostData.of(Map.of("databases", List.of(db("app", 1_000_000_000L, 30 * DAY)),
                "indexes", List.of(idx("public.a", 0, 1_000_000L))));
        assertThat(new UnusedIndexesCheck().conclude(Map.of("h", small), context()))
                .extracting(Finding::priority).containsExactly(Priority.P3);
        HostData young = HostData.of(Map.of("databases", List.of(db("app", 1_000_000_000L, 2 * DAY)),
                "indexes", List.of(idx("public.a", 0, 900_000_000L))));
        assertThat(new UnusedIndexesCheck().conclude(Map.of("h", young), context())).singleElement().satisfies(f -> {
            assertThat(f.priority()).isEqualTo(Priority.P3);
            assertThat(f.conclusion()).contains("only 2 days old");
        });
        CheckContext patient = new CheckContext(Map.of(), OptionalLong.empty(), Map.of(),
                Map.of("h002.min_stats_age_days", "1"));
        assertThat(new UnusedIndexesCheck().conclude(Map.of("h", young), patient))
                .extracting(Finding::priority).containsExactly(Priority.P2);
    }

    static CheckContext context() {
        return new CheckContext(Map.of("h", HostRole.PRIMARY), OptionalLong.empty(), Map.of());
    }

    static Index index(long oid, String name, List<String> columns, int keys, boolean unique, boolean constraint,
                       String predicate, String method) {
        List<String> zeros = columns.subList(0, keys).stream().map(c -> "0").toList();
        List<String> opclasses = columns.subList(0, keys).stream().map(c -> "1978").toList();
        return new Index(oid, 1, name, "public.t", method, keys, columns, opclasses, zeros, zeros, predicate, unique,
                constraint, false, 0, 8192, "CREATE INDEX " + name, false);
    }

    static List<String> redundantNames(Index... indexes) {
        return RedundantIndexesCheck.compare(List.of(indexes)).stream().map(r -> (String) r.get("index")).toList();
    }

    @Test
    void prefixesAndDuplicates() {
        Index a = index(10, "a", List.of("x"), 1, false, false, null, "btree");
        Index ab = index(11, "ab", List.of("x", "y"), 2, false, false, null, "btree");
        Index ba = index(12, "ba", List.of("y", "x"), 2, false, false, null, "btree");
        Index a2 = index(13, "a2", List.of("x"), 1, false, false, null, "btree");
        assertThat(redundantNames(a, ab, ba)).containsExactly("a");
        assertThat(redundantNames(a, a2)).containsExactly("a2"); // the older one is kept
        assertThat(redundantNames(ba, a)).isEmpty();
    }

    @Test
    void uniquenessConstraintsPredicatesMethodsAndIncludes() {
        Index pk = index(10, "pk", List.of("x"), 1, true, true, null, "btree");
        Index plain = index(11, "plain", List.of("x"), 1, false, false, null, "btree");
        Index uniqueXy = index(12, "uxy", List.of("x", "y"), 2, true, false, null, "btree");
        Index uniqueX = index(13, "ux", List.of("x"), 1, true, false, null, "btree");
        assertThat(redundantNames(pk, plain)).containsExactly("plain");
        assertThat(redundantNames(pk, uniqueX)).containsExactly("ux");
        assertThat(redundantNames(uniqueX, uniqueXy)).isEmpty(); // ux enforces more
        assertThat(redundantNames(pk, uniqueXy)).isEmpty();

        Index partial = index(14, "partial", List.of("x"), 1, false, false, "(y > 5)", "btree");
        assertThat(redundantNames(plain, partial)).isEmpty();

        Index hashX = index(15, "hash", List.of("x"), 1, false, false, null, "hash");
        Index hashXy = index(16, "hashxy", List.of("x", "y"), 2, false, false, null, "hash");
        assertThat(redundantNames(hashX, hashXy, plain)).isEmpty();

        Index covering = index(17, "covering", List.of("x", "z"), 1, false, false, null, "btree");
        assertThat(redundantNames(covering, ab())).containsExactly("covering").hasSize(1);
        assertThat(redundantNames(covering, plain)).containsExactly("plain");
    }

    private static Index ab() {
        return index(18, "xyz", List.of("x", "y", "z"), 3, false, false, null, "btree");
    }

    @Test
    void foreignKeyPriorityFollowsTheTableSize() {
        Map<String, Object> big = Map.of("database", "app", "table", "public.big", "constraint", "big_fk",
                "referenced_table", "public.p", "columns", "p_id", "new_index", "public.big_p_id_idx",
                "partitioned", false, "table_bytes", 20L * 1024 * 1024, "referenced_updates_deletes", 5L);
        Map<String, Object> part = new LinkedHashMap<>(big);
        part.put("table", "public.parted");
        part.put("new_index", "public.parted_p_id_idx");
        part.put("partitioned", true);
        part.put("table_bytes", 1000L);
        List<Finding> f = new UnindexedForeignKeysCheck().conclude(
                Map.of("h", HostData.of(Map.of("foreign_keys_without_index", List.of(big, part)))), context());
        assertThat(f).extracting(Finding::priority).containsExactly(Priority.P2, Priority.P3);
        assertThat(f.get(1).doSql()).containsExactly("CREATE INDEX IF NOT EXISTS parted_p_id_idx ON public.parted (p_id);");
        assertThat(f.get(1).undoSql()).containsExactly("DROP INDEX IF EXISTS public.parted_p_id_idx;");
    }
}
