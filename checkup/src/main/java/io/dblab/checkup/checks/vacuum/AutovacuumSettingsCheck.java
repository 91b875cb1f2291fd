package io.dblab.checkup.checks.vacuum;

import io.dblab.checkup.api.Check;
import io.dblab.checkup.api.CheckContext;
import io.dblab.checkup.api.Finding;
import io.dblab.checkup.api.HostConnection;
import io.dblab.checkup.api.HostData;
import io.dblab.checkup.api.HostScope;
import io.dblab.checkup.api.Priority;
import io.dblab.checkup.checks.common.PerHost;
import io.dblab.checkup.checks.common.Values;
import io.dblab.checkup.checks.common.Databases;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * F001 — autovacuum settings: the {@code autovacuum*}, {@code vacuum*} and {@code track_counts}
 * settings, and every table (per database) with autovacuum storage parameters of its own.
 *
 * <p>Conclusions:
 * <ul>
 *   <li>P1 when autovacuum cannot work: {@code autovacuum = off} or {@code track_counts = off}.</li>
 *   <li>P1 when the thresholds are left at their defaults: {@code autovacuum_vacuum_scale_factor}
 *       ≥ 0.2 or {@code autovacuum_analyze_scale_factor} ≥ 0.1 (a table of 100 million rows waits for
 *       20 million dead rows), and before PostgreSQL 12 also the default cost throttling
 *       ({@code autovacuum_vacuum_cost_delay} ≥ 20 ms with an effective cost limit ≤ 200). The
 *       finding lists every autovacuum setting still at its default, including the thresholds
 *       (50) and, from 12 on, the cost settings (2 ms, -1 → {@code vacuum_cost_limit} 200), which
 *       F008 judges.</li>
 *   <li>P2 for each table whose autovacuum is switched off by a storage parameter
 *       ({@code autovacuum_enabled = false} or {@code toast.autovacuum_enabled = false}).</li>
 * </ul>
 * Primary only: a standby runs no autovacuum.
 */
public final class AutovacuumSettingsCheck implements Check {

    static final List<String> SETTINGS = List.of("autovacuum", "track_counts", "autovacuum_max_workers",
            "autovacuum_naptime", "autovacuum_vacuum_threshold", "autovacuum_vacuum_scale_factor",
            "autovacuum_analyze_threshold", "autovacuum_analyze_scale_factor", "autovacuum_vacuum_insert_threshold",
            "autovacuum_vacuum_insert_scale_factor", "autovacuum_vacuum_cost_delay", "autovacuum_vacuum_cost_limit",
            "vacuum_cost_delay", "vacuum_cost_limit", "autovacuum_freeze_max_age",
            "autovacuum_multixact_freeze_max_age", "vacuum_freeze_min_age", "vacuum_freeze_table_age",
            "autovacuum_work_mem", "maintenance_work_mem", "log_autovacuum_min_duration");

    private static final Pattern AUTOVACUUM_DISABLED =
            Pattern.compile("(?i)autovacuum_enabled\\s*=\\s*'?(false|off|no|0|f|n)'?\\b");

    @Override
    public String id() {
        return "F001";
    }

    @Override
    public String title() {
        return "Autovacuum settings";
    }

    @Override
    public boolean judgesServerConfiguration() {
        return true;
    }

    @Override
    public HostScope scope() {
        return HostScope.PRIMARY_ONLY;
    }

    @Override
    public HostData collect(HostConnection host) throws SQLException {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("server_version_num", host.serverVersionNum());
        data.put("settings", Settings.load(host, SETTINGS));
        data.putAll(Databases.taggedRows(host, "tables_with_autovacuum_options", session -> session.query("""
                    SELECT /* dblab-checkup */ format('%I.%I', n.nspname, c.relname) AS "table",
                           c.relkind::text AS relkind,
                           array_to_string(ARRAY(SELECT o FROM unnest(c.reloptions) o
                                                 WHERE o LIKE 'autovacuum%' ORDER BY o), ', ') AS table_options,
                           array_to_string(ARRAY(SELECT 'toast.' || o FROM unnest(t.reloptions) o
                                                 WHERE o LIKE 'autovacuum%' ORDER BY o), ', ') AS toast_options,
                           pg_table_size(c.oid) AS table_bytes
                    FROM pg_class c
                    JOIN pg_namespace n ON n.oid = c.relnamespace
                    LEFT JOIN pg_class t ON t.oid = c.reltoastrelid
                    WHERE c.relkind IN ('r', 'm', 'p')
                      AND (EXISTS (SELECT 1 FROM unnest(c.reloptions) o WHERE o LIKE 'autovacuum%')
                           OR EXISTS (SELECT 1 FROM unnest(t.reloptions) o WHERE o LIKE 'autovacuum%'))
                    ORDER BY pg_table_size(c.oid) DESC, 1
                    LIMIT 1000""")));
        return HostData.of(data);
    }

    @Override
    public List<Finding> conclude(Map<String, HostData> byHost, CheckContext context) {
        return PerHost.findings(byHost, AutovacuumSettingsCheck::concludeHost);
    }

    private static void concludeHost(String prefix, HostData data, List<Finding> findings) {
        Map<String, Map<String, Object>> s = Settings.byName(data.get("settings"));
        int version = (int) Values.longOrZero(data.get("server_version_num"));
        if (Settings.has(s, "autovacuum") && !Values.bool(Settings.raw(s, "autovacuum"))) {
            findings.add(Finding.of(Priority.P1, prefix + "autovacuum is off: dead rows are never cleaned up "
                            + "automatically and only anti-wraparound vacuums still run.",
                    "Set autovacuum = on (ALTER SYSTEM SET autovacuum = on; SELECT pg_reload_conf();)."));
        }
        if (Settings.has(s, "track_counts") && !Values.bool(Settings.raw(s, "track_counts"))) {
            findings.add(Finding.of(Priority.P1, prefix + "track_counts is off: autovacuum cannot see which tables "
                            + "need vacuuming or analyzing.",
                    "Set track_counts = on."));
        }

        List<String> triggers = new ArrayList<>();
        List<String> atDefault = new ArrayList<>();
        double vacuumScale = Settings.number(s, "autovacuum_vacuum_scale_factor", 0.2);
        double analyzeScale = Settings.number(s, "autovacuum_analyze_scale_factor", 0.1);
        if (vacuumScale >= 0.2) {
            triggers.add("autovacuum_vacuum_scale_factor = " + Settings.raw(s, "autovacuum_vacuum_scale_factor")
                    + " (a table is vacuumed only when " + Values.pct(vacuumScale) + " of it is dead)");
        }
        if (analyzeScale >= 0.1) {
            triggers.add("autovacuum_analyze_scale_factor = " + Settings.raw(s, "autovacuum_analyze_scale_factor")
                    + " (statistics are refreshed only after " + Values.pct(analyzeScale) + " of a table changed)");
        }
        double costDelay = Settings.autovacuumCostDelay(s, version);
        double costLimit = Settings.autovacuumCostLimit(s);
        boolean defaultCost = costLimit <= 200 && costDelay >= (version >= 120000 ? 2 : 20);
        if (version < 120000 && defaultCost) {
            triggers.add("autovacuum_vacuum_cost_delay = " + (long) costDelay + " ms with cost limit "
                    + (long) costLimit + " (autovacuum reads at most about 8 MB/s)");
        }
        if (Settings.number(s, "autovacuum_vacuum_threshold", 50) == 50) {
            atDefault.add("autovacuum_vacuum_threshold = 50");
        }
        if (Settings.number(s, "autovacuum_analyze_threshold", 50) == 50) {
            atDefault.add("autovacuum_analyze_threshold = 50");
        }
        if (Settings.has(s, "autovacuum_vacuum_insert_scale_factor")
                && Settings.number(s, "autovacuum_vacuum_insert_scale_factor", 0) >= 0.2) {
            atDefault.add("autovacuum_vacuum_insert_scale_factor = "
                    + Settings.raw(s, "autovacuum_vacuum_insert_scale_factor"));
        }
        if (version >= 120000 && defaultCost) {
            atDefault.add("autovacuum cost delay " + (long) costDelay + " ms and cost limit " + (long) costLimit
                    + " (see F008)");
        }
        if (!triggers.isEmpty()) {
            String also = atDefault.isEmpty() ? "" : " Also at defaults: " + String.join("; ", atDefault) + ".";
            findings.add(Finding.of(Priority.P1, prefix + "Autovacuum is left at its default settings: "
                            + String.join("; ", triggers) + "." + also,
                    "Make autovacuum start earlier, e.g. autovacuum_vacuum_scale_factor = 0.01–0.05 and "
                            + "autovacuum_analyze_scale_factor = 0.005–0.02 (ALTER SYSTEM, then SELECT pg_reload_conf()), "
                            + "or set them per table for the largest tables (ALTER TABLE … SET "
                            + "(autovacuum_vacuum_scale_factor = 0.01)); on PostgreSQL before 12 also lower "
                            + "autovacuum_vacuum_cost_delay to 2 ms or raise autovacuum_vacuum_cost_limit."));
        }

        if (data.get("tables_with_autovacuum_options") instanceof List<?> tables) {
            for (Object o : tables) {
                if (!(o instanceof Map<?, ?> t)) {
                    continue;
                }
                String options = Values.text(t.get("table_options")) + " " + Values.text(t.get("toast_options"));
                if (AUTOVACUUM_DISABLED.matcher(options).find()) {
                    findings.add(Finding.of(Priority.P2, prefix + "Autovacuum is disabled for table " + t.get("table")
                                    + " in database " + t.get("database") + " (" + options.trim() + ", "
                                    + Values.bytes(Values.numberOrZero(t.get("table_bytes"))) + "): its dead rows pile up "
                                    + "until someone runs VACUUM, and it still gets anti-wraparound vacuums.",
                            "Unless a job vacuums it regularly, enable autovacuum again: ALTER TABLE "
                                    + t.get("table") + " RESET (autovacuum_enabled, toast.autovacuum_enabled);"));
                }
            }
        }
    }
}
