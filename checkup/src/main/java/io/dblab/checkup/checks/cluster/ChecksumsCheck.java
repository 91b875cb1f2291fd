package io.dblab.checkup.checks.cluster;

import io.dblab.checkup.api.Check;
import io.dblab.checkup.api.CheckContext;
import io.dblab.checkup.api.Finding;
import io.dblab.checkup.api.HostConnection;
import io.dblab.checkup.api.HostData;
import io.dblab.checkup.api.Priority;
import io.dblab.checkup.checks.common.Values;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A010: whether data checksums are on, and the checksum failures PostgreSQL counted. P2 when they
 * are off (corruption goes unnoticed); P1 when failures were counted.
 */
public final class ChecksumsCheck implements Check {
    @Override
    public String id() {
        return "A010";
    }

    @Override
    public String title() {
        return "Data checksums";
    }

    @Override
    public boolean judgesServerConfiguration() {
        return true;
    }

    @Override
    public HostData collect(HostConnection host) throws SQLException {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("data_checksums", host.query("SELECT current_setting('data_checksums') AS v").get(0).get("v"));
        if (host.serverVersionNum() >= 120000) {
            data.put("failures", host.query("""
                    SELECT coalesce(datname, '(shared objects)') AS database, checksum_failures,
                           checksum_last_failure
                    FROM pg_stat_database WHERE coalesce(checksum_failures, 0) > 0 ORDER BY 1
                    """));
        }
        return HostData.of(data);
    }

    @Override
    public List<Finding> conclude(Map<String, HostData> byHost, CheckContext context) {
        List<Finding> findings = new ArrayList<>();
        List<String> off = new ArrayList<>();
        byHost.forEach((host, data) -> {
            if (!Values.bool(data.get("data_checksums"))) {
                off.add(host);
            }
            List<Map<String, Object>> failures = Values.rows(data.get("failures"));
            if (!failures.isEmpty()) {
                List<String> parts = failures.stream().map(f -> f.get("database") + ": " + f.get("checksum_failures")
                        + " (last " + f.get("checksum_last_failure") + ")").toList();
                findings.add(Finding.of(Priority.P1, "Checksum failures on " + host + ": " + String.join(", ", parts) + ".",
                        "Data pages are corrupted: check the storage, restore the damaged objects from a backup or a healthy standby."));
            }
        });
        if (!off.isEmpty()) {
            findings.add(Finding.of(Priority.P2, "Data checksums are off on " + String.join(", ", off)
                            + ": silent corruption of data pages would go unnoticed.",
                    "Enable them: pg_checksums --enable on a cleanly stopped server (takes time proportional to the "
                            + "data size), for example on a standby first, then switch over."));
        }
        if (findings.isEmpty()) {
            findings.add(Finding.of(Priority.INFO, "Data checksums are on, no failures counted.", null));
        }
        return findings;
    }
}
