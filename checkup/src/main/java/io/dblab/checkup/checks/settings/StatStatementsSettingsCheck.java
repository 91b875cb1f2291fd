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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * D004: whether {@code pg_stat_statements} can feed the workload checks, and its settings (and
 * those of {@code pg_stat_kcache} when present). P2 when it is not in shared_preload_libraries,
 * when it is not created in the checked database, when compute_query_id is off or when
 * pg_stat_statements.track is none; P3 when track_io_timing is off.
 */
public final class StatStatementsSettingsCheck implements Check {
    static final List<String> GENERAL = List.of("shared_preload_libraries", "compute_query_id", "track_io_timing",
            "track_activity_query_size");

    @Override
    public String id() {
        return "D004";
    }

    @Override
    public String title() {
        return "pg_stat_statements settings";
    }

    @Override
    public boolean judgesServerConfiguration() {
        return true;
    }

    @Override
    public HostData collect(HostConnection host) throws SQLException {
        List<Map<String, Object>> settings = new ArrayList<>(ServerSettings.named(host, GENERAL));
        settings.addAll(ServerSettings.like(host, "pg\\_stat\\_statements.%"));
        settings.addAll(ServerSettings.like(host, "pg\\_stat\\_kcache.%"));
        List<Map<String, Object>> slim = new ArrayList<>();
        for (Map<String, Object> row : settings) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("name", row.get("name"));
            r.put("setting", row.get("setting"));
            r.put("unit", row.get("unit"));
            r.put("source", row.get("source"));
            slim.add(r);
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("database", host.database());
        data.put("settings", slim);
        List<Map<String, Object>> ext = host.query(
                "SELECT extname AS extension, extversion AS version FROM pg_extension WHERE extname IN ('pg_stat_statements', 'pg_stat_kcache') ORDER BY 1");
        data.put("extensions", ext);
        return HostData.of(data);
    }

    @Override
    public List<Finding> conclude(Map<String, HostData> byHost, CheckContext context) {
        List<Finding> findings = new ArrayList<>();
        byHost.forEach((host, data) -> {
            Map<String, Map<String, Object>> s = ServerSettings.byName(Values.rows(data.get("settings")));
            String preload = s.containsKey("shared_preload_libraries")
                    ? String.valueOf(s.get("shared_preload_libraries").get("setting")) : "";
            boolean preloaded = Arrays.stream(preload.split(",")).map(String::trim)
                    .anyMatch(l -> l.equals("pg_stat_statements") || l.equals("\"pg_stat_statements\""));
            boolean created = Values.rows(data.get("extensions")).stream()
                    .anyMatch(e -> "pg_stat_statements".equals(e.get("extension")));
            if (!preloaded) {
                findings.add(Finding.of(Priority.P2, "pg_stat_statements is not loaded on " + host
                                + " (not in shared_preload_libraries): there are no query statistics, K001–K003 cannot run.",
                        "Add pg_stat_statements to shared_preload_libraries, restart, and CREATE EXTENSION pg_stat_statements."));
            } else if (!created) {
                findings.add(Finding.of(Priority.P2, "pg_stat_statements is loaded on " + host
                                + " but the extension is not created in database " + data.get("database")
                                + ": its view cannot be read there.",
                        "Run CREATE EXTENSION pg_stat_statements in " + data.get("database") + "."));
            }
            if (preloaded && s.containsKey("compute_query_id") && "off".equals(s.get("compute_query_id").get("setting"))) {
                findings.add(Finding.of(Priority.P2, "compute_query_id is off on " + host
                                + ": pg_stat_statements records nothing.",
                        "Set compute_query_id = auto (the default) or on."));
            }
            if (s.containsKey("pg_stat_statements.track") && "none".equals(s.get("pg_stat_statements.track").get("setting"))) {
                findings.add(Finding.of(Priority.P2, "pg_stat_statements.track is none on " + host + ": no statements are recorded.",
                        "Set pg_stat_statements.track = top (the default)."));
            }
            if (s.containsKey("track_io_timing") && !Values.bool(s.get("track_io_timing").get("setting"))) {
                findings.add(Finding.of(Priority.P3, "track_io_timing is off on " + host
                                + ": query statistics cannot tell time spent reading from time spent computing.",
                        "Set track_io_timing = on (check the clock's overhead with pg_test_timing first)."));
            }
        });
        if (findings.isEmpty()) {
            findings.add(Finding.of(Priority.INFO, "pg_stat_statements is loaded and created; its settings are fine.", null));
        }
        return findings;
    }
}
