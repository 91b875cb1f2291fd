package io.dblab.checkup.checks.cluster;

import io.dblab.checkup.api.Check;
import io.dblab.checkup.api.CheckContext;
import io.dblab.checkup.api.Finding;
import io.dblab.checkup.api.HostConnection;
import io.dblab.checkup.api.HostData;
import io.dblab.checkup.api.Priority;
import io.dblab.checkup.checks.common.Databases;
import io.dblab.checkup.checks.common.Values;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A005: the extensions installed in every database, with the installed version and the default
 * version the server's files offer. P3 for each database with extensions older than the default
 * version (with the {@code ALTER EXTENSION … UPDATE} to run there).
 */
public final class ExtensionsCheck implements Check {
    @Override
    public String id() {
        return "A005";
    }

    @Override
    public String title() {
        return "Extensions";
    }

    @Override
    public HostData collect(HostConnection host) throws SQLException {
        List<Map<String, Object>> notChecked = new ArrayList<>();
        List<Map<String, Object>> rows = Databases.rows(host, db -> db.query("""
                SELECT current_database() AS database, e.extname AS extension, e.extversion AS installed_version,
                       a.default_version, n.nspname AS schema,
                       a.default_version IS NOT NULL AND e.extversion <> a.default_version AS outdated
                FROM pg_extension e
                JOIN pg_namespace n ON n.oid = e.extnamespace
                LEFT JOIN pg_available_extensions a ON a.name = e.extname
                ORDER BY e.extname
                """), notChecked);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("extensions", rows);
        Databases.putNotChecked(data, notChecked);
        return HostData.of(data);
    }

    @Override
    public List<Finding> conclude(Map<String, HostData> byHost, CheckContext context) {
        Map<String, List<Map<String, Object>>> outdatedByDb = new LinkedHashMap<>();
        int total = 0;
        for (HostData data : byHost.values()) {
            for (Map<String, Object> row : Values.rows(data.get("extensions"))) {
                total++;
                if (Values.bool(row.get("outdated"))) {
                    String key = (String) row.get("database");
                    List<Map<String, Object>> list = outdatedByDb.computeIfAbsent(key, k -> new ArrayList<>());
                    if (list.stream().noneMatch(r -> r.get("extension").equals(row.get("extension")))) {
                        list.add(row);
                    }
                }
            }
            break; // extensions are the same on all hosts of a physical cluster: the first host says it
        }
        List<Finding> findings = new ArrayList<>();
        outdatedByDb.forEach((db, rows) -> {
            List<String> names = rows.stream().map(r -> r.get("extension") + " " + r.get("installed_version") + " → "
                    + r.get("default_version")).toList();
            List<String> sql = new ArrayList<>();
            sql.add("-- in database " + db);
            rows.forEach(r -> sql.add("ALTER EXTENSION \"" + ((String) r.get("extension")).replace("\"", "\"\"")
                    + "\" UPDATE;"));
            findings.add(new Finding(Priority.P3, "Extensions older than the version the server offers in database "
                    + db + ": " + String.join(", ", names) + ".",
                    "Update them (read each extension's release notes first).", sql, List.of()));
        });
        if (findings.isEmpty()) {
            findings.add(Finding.of(Priority.INFO, total + " extension(s) installed; all at the server's default version.", null));
        }
        return findings;
    }
}
