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
 * H005 — constraints left NOT VALID ({@code pg_constraint.convalidated = false}), per database:
 * check and foreign key constraints on tables (local ones, not a partition's or child's inherited
 * copy, which the parent's validation covers) and domain constraints. New rows are checked, but
 * existing rows never were, and the planner cannot rely on the constraint (for instance to skip
 * partitions or to prove joins). Only names and types are collected, not the constraint's
 * expression.
 *
 * <p>P2, one finding per database. DO: {@code ALTER TABLE … VALIDATE CONSTRAINT …} (or
 * {@code ALTER DOMAIN …}); it scans the table under a SHARE UPDATE EXCLUSIVE lock, which does not
 * block reads or writes. No UNDO: validating changes nothing but the flag. Primary only.
 */
public final class NotValidConstraintsCheck implements Check {

    @Override
    public String id() {
        return "H005";
    }

    @Override
    public String title() {
        return "Constraints left NOT VALID";
    }

    @Override
    public HostScope scope() {
        return HostScope.PRIMARY_ONLY;
    }

    @Override
    public HostData collect(HostConnection host) throws SQLException {
        String notChild = host.serverVersionNum() >= 110000 ? " c.conparentid = 0 AND " : " ";
        return HostData.of(Databases.taggedRows(host, "not_valid_constraints", session -> session.query("""
                    SELECT /* dblab-checkup */
                           CASE WHEN c.conrelid <> 0 THEN format('%I.%I', tn.nspname, t.relname)
                                ELSE format('%I.%I', dn.nspname, d.typname) END AS "object",
                           CASE WHEN c.conrelid <> 0 THEN 'table' ELSE 'domain' END AS object_type,
                           format('%I', c.conname) AS "constraint",
                           CASE c.contype WHEN 'f' THEN 'FOREIGN KEY' WHEN 'c' THEN 'CHECK' ELSE c.contype::text END
                               AS constraint_type,
                           CASE WHEN c.contype = 'f' THEN format('%I.%I', rn.nspname, r.relname) END AS referenced_table,
                           CASE WHEN c.conrelid <> 0 THEN pg_relation_size(c.conrelid) END AS table_bytes
                    FROM pg_constraint c
                    LEFT JOIN pg_class t ON t.oid = c.conrelid
                    LEFT JOIN pg_namespace tn ON tn.oid = t.relnamespace
                    LEFT JOIN pg_type d ON d.oid = c.contypid
                    LEFT JOIN pg_namespace dn ON dn.oid = d.typnamespace
                    LEFT JOIN pg_class r ON r.oid = c.confrelid
                    LEFT JOIN pg_namespace rn ON rn.oid = r.relnamespace
                    WHERE NOT c.convalidated AND """ + notChild + """
                     (c.conrelid = 0 OR c.conislocal)
                    ORDER BY 1, 3""")));
    }

    @Override
    public List<Finding> conclude(Map<String, HostData> byHost, CheckContext context) {
        return PerHost.findings(byHost, (prefix, data, findings) ->
                Databases.byDatabase(data.get("not_valid_constraints"))
                        .forEach((db, constraints) -> findings.add(finding(prefix, db, constraints))));
    }

    private static Finding finding(String prefix, String db, List<Map<String, Object>> constraints) {
        List<String> names = new ArrayList<>();
        List<String> doSql = new ArrayList<>();
        for (Map<String, Object> r : constraints) {
            boolean domain = "domain".equals(r.get("object_type"));
            names.add(r.get("constraint_type") + " " + r.get("constraint") + " on "
                    + (domain ? "domain " : "") + r.get("object")
                    + (r.get("referenced_table") == null ? "" : " → " + r.get("referenced_table")));
            doSql.add("ALTER " + (domain ? "DOMAIN " : "TABLE ") + r.get("object") + " VALIDATE CONSTRAINT "
                    + r.get("constraint") + ";");
        }
        int n = constraints.size();
        return new Finding(Priority.P2, prefix + "Database " + db + ": " + n + " "
                + (n == 1 ? "constraint was" : "constraints were") + " added NOT VALID and never validated: "
                + Values.list(names, 20) + ". Existing rows may violate them, and the planner cannot rely on them.",
                "Validate them (DO). VALIDATE CONSTRAINT scans the table but takes only a SHARE UPDATE "
                        + "EXCLUSIVE lock, so reads and writes go on; if it fails, fix the violating rows first.",
                doSql, List.of());
    }
}
