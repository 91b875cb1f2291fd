package io.dblab.checkup.checks.settings;

import io.dblab.checkup.api.Check;
import io.dblab.checkup.api.CheckContext;
import io.dblab.checkup.api.Finding;
import io.dblab.checkup.api.HostConnection;
import io.dblab.checkup.api.HostData;
import io.dblab.checkup.api.Priority;
import io.dblab.checkup.checks.common.ServerSettings;
import io.dblab.checkup.checks.common.Values;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A007: settings changed from their defaults and where (source, configuration file and line), plus
 * the per-database and per-role settings ({@code ALTER DATABASE/ROLE … SET}). P3 when changes wait
 * for a restart to take effect.
 */
public final class ChangedSettingsCheck implements Check {
    /** Sources that are not a change made by the operator. */
    private static final Set<String> NOT_CHANGED = Set.of("default", "override", "client", "session");

    @Override
    public String id() {
        return "A007";
    }

    @Override
    public String title() {
        return "Settings changed from defaults";
    }

    @Override
    public HostData collect(HostConnection host) throws SQLException {
        List<Map<String, Object>> changed = new ArrayList<>();
        for (Map<String, Object> row : ServerSettings.all(host)) {
            if (!NOT_CHANGED.contains(String.valueOf(row.get("source"))) || Values.bool(row.get("pending_restart"))) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("name", row.get("name"));
                r.put("setting", row.get("setting"));
                r.put("unit", row.get("unit"));
                r.put("boot_val", row.get("boot_val"));
                r.put("source", row.get("source"));
                r.put("sourcefile", row.get("sourcefile"));
                r.put("sourceline", row.get("sourceline"));
                r.put("pending_restart", row.get("pending_restart"));
                changed.add(r);
            }
        }
        List<Map<String, Object>> overrides = new ArrayList<>();
        for (Map<String, Object> row : host.query("""
                SELECT coalesce(d.datname, '(all databases)') AS database, coalesce(r.rolname, '(all roles)') AS role,
                       c.config
                FROM pg_db_role_setting s
                LEFT JOIN pg_database d ON d.oid = s.setdatabase
                LEFT JOIN pg_roles r ON r.oid = s.setrole
                CROSS JOIN LATERAL unnest(s.setconfig) AS c(config)
                ORDER BY 1, 2, 3
                """)) {
            String config = (String) row.get("config");
            int eq = config.indexOf('=');
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("database", row.get("database"));
            r.put("role", row.get("role"));
            r.put("name", eq > 0 ? config.substring(0, eq) : config);
            r.put("setting", eq > 0 ? config.substring(eq + 1) : "");
            overrides.add(r);
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("changed", changed);
        data.put("database_and_role_settings", overrides);
        return HostData.of(data);
    }

    @Override
    public List<Finding> conclude(Map<String, HostData> byHost, CheckContext context) {
        List<Finding> findings = new ArrayList<>();
        byHost.forEach((host, data) -> {
            Map<String, Integer> bySource = new TreeMap<>();
            List<String> pending = new ArrayList<>();
            for (Map<String, Object> row : Values.rows(data.get("changed"))) {
                String where = row.get("sourcefile") != null ? String.valueOf(row.get("sourcefile"))
                        : String.valueOf(row.get("source"));
                bySource.merge(where, 1, Integer::sum);
                if (Values.bool(row.get("pending_restart"))) {
                    pending.add((String) row.get("name"));
                }
            }
            List<String> parts = new ArrayList<>();
            bySource.forEach((source, n) -> parts.add(n + " from " + source));
            int overrides = Values.rows(data.get("database_and_role_settings")).size();
            findings.add(Finding.of(Priority.INFO, host + ": " + (parts.isEmpty() ? "no settings changed"
                    : String.join(", ", parts)) + "; " + overrides + " per-database or per-role setting(s).", null));
            if (!pending.isEmpty()) {
                findings.add(Finding.of(Priority.P3, "Changed settings on " + host + " wait for a restart to take effect: "
                                + Values.list(pending, 20) + ".",
                        "Restart the server when convenient, or revert the change if it was not meant."));
            }
        });
        return findings;
    }
}
