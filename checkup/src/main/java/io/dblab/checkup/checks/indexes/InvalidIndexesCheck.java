package io.dblab.checkup.checks.indexes;

import io.dblab.checkup.api.Check;
import io.dblab.checkup.api.CheckContext;
import io.dblab.checkup.api.Finding;
import io.dblab.checkup.api.HostConnection;
import io.dblab.checkup.api.HostData;
import io.dblab.checkup.api.HostScope;
import io.dblab.checkup.api.Priority;
import io.dblab.checkup.checks.common.Values;
import io.dblab.checkup.checks.common.Databases;
import io.dblab.checkup.checks.common.PerHost;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * H001 — invalid indexes ({@code pg_index.indisvalid = false}), per database: left behind by a
 * {@code CREATE INDEX CONCURRENTLY} or {@code REINDEX CONCURRENTLY} that failed (a
 * {@code _ccnew}/{@code _ccold} name tells the latter). The planner never uses them, yet those that
 * are {@code indisready} are still maintained by every write, and a unique one still rejects duplicates.
 * Indexes being built right now ({@code pg_stat_progress_create_index}) are listed but not concluded.
 *
 * <p>P2, one finding per database. DO: {@code DROP INDEX CONCURRENTLY IF EXISTS …}; UNDO: the
 * index's definition ({@code pg_get_indexdef}) as {@code CREATE INDEX CONCURRENTLY IF NOT EXISTS …}.
 * Primary only (a standby has the same catalog).
 */
public final class InvalidIndexesCheck implements Check {

    @Override
    public String id() {
        return "H001";
    }

    @Override
    public String title() {
        return "Invalid indexes";
    }

    @Override
    public HostScope scope() {
        return HostScope.PRIMARY_ONLY;
    }

    @Override
    public HostData collect(HostConnection host) throws SQLException {
        String beingBuilt = host.serverVersionNum() >= 120000
                ? "EXISTS (SELECT 1 FROM pg_stat_progress_create_index p WHERE p.index_relid = i.indexrelid)"
                : "false";
        return HostData.of(Databases.taggedRows(host, "invalid_indexes", session -> session.query("""
                    SELECT /* dblab-checkup */ format('%I.%I', n.nspname, ic.relname) AS "index",
                           format('%I.%I', tn.nspname, tc.relname) AS "table",
                           pg_relation_size(i.indexrelid) AS index_bytes,
                           i.indisunique AS is_unique, i.indisready AS is_ready,
                           tc.relkind = 'p' AS partitioned,
                           ic.relname ~ '_cc(new|old)[0-9]*$' AS reindex_leftover,
                           """ + beingBuilt + """
                            AS being_built,
                           pg_get_indexdef(i.indexrelid) AS definition
                    FROM pg_index i
                    JOIN pg_class ic ON ic.oid = i.indexrelid
                    JOIN pg_namespace n ON n.oid = ic.relnamespace
                    JOIN pg_class tc ON tc.oid = i.indrelid
                    JOIN pg_namespace tn ON tn.oid = tc.relnamespace
                    WHERE NOT i.indisvalid
                    ORDER BY 1""")));
    }

    @Override
    public List<Finding> conclude(Map<String, HostData> byHost, CheckContext context) {
        return PerHost.findings(byHost, (prefix, data, findings) ->
                Databases.byDatabase(data.get("invalid_indexes"), r -> !Values.bool(r.get("being_built")))
                        .forEach((db, indexes) -> findings.add(finding(prefix, db, indexes))));
    }

    private static Finding finding(String prefix, String db, List<Map<String, Object>> indexes) {
        List<String> names = new ArrayList<>();
        List<String> doSql = new ArrayList<>();
        List<String> undoSql = new ArrayList<>();
        boolean leftovers = false;
        boolean uniqueReady = false;
        int ready = 0;
        for (Map<String, Object> r : indexes) {
            names.add(r.get("index") + " on " + r.get("table") + " ("
                    + Values.bytes(Values.numberOrZero(r.get("index_bytes")))
                    + (Values.bool(r.get("is_unique")) ? ", unique" : "")
                    + (Values.bool(r.get("reindex_leftover")) ? ", left by REINDEX CONCURRENTLY" : "") + ")");
            leftovers |= Values.bool(r.get("reindex_leftover"));
            uniqueReady |= Values.bool(r.get("is_unique")) && Values.bool(r.get("is_ready"));
            ready += Values.bool(r.get("is_ready")) ? 1 : 0;
            doSql.add(IndexSql.drop(r));
            undoSql.add(IndexSql.create(r));
        }
        int n = indexes.size();
        return new Finding(Priority.P2, prefix + "Database " + db + " has " + n + " invalid "
                + (n == 1 ? "index" : "indexes") + ": " + String.join(", ", names) + ". The planner does not "
                + "use them" + (ready == 0 ? "; they are what is left of a failed build"
                : ", but every write still maintains " + (ready == n ? "them" : ready + " of them")
                + (uniqueReady ? ", and a unique one still rejects duplicate keys" : "")) + ".",
                "Drop them (DO), find out why they failed (for a unique index: duplicate keys), fix that, "
                        + "and create them again (UNDO shows how), or rebuild each with REINDEX INDEX "
                        + "CONCURRENTLY."
                        + (leftovers ? " A _ccnew/_ccold index is a leftover of an interrupted REINDEX "
                        + "CONCURRENTLY and can simply be dropped." : ""),
                doSql, undoSql);
    }
}
