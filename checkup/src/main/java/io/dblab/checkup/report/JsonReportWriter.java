package io.dblab.checkup.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.dblab.checkup.api.Finding;
import io.dblab.checkup.api.Priority;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One JSON file per check, {@code json/<ID>_<name>.json}, shaped like the reference tool's
 * (project, checkId, name, timestamptz, results keyed by host, p1/p2/p3 flags, conclusions and
 * recommendations with [Pn] prefixes), plus {@code json/0_summary.json} with the hosts and counts.
 */
public final class JsonReportWriter {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public List<Path> write(CheckupReport report, Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        for (CheckResult check : report.checks()) {
            Path file = dir.resolve(check.id() + "_" + check.name() + ".json");
            JSON.writeValue(file.toFile(), checkJson(report, check));
            written.add(file);
        }
        Path summary = dir.resolve("0_summary.json");
        JSON.writeValue(summary.toFile(), summaryJson(report));
        written.add(summary);
        return written;
    }

    public static Map<String, Object> checkJson(CheckupReport report, CheckResult check) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("project", report.project());
        json.put("checkId", check.id());
        json.put("name", check.name());
        json.put("title", check.title());
        json.put("timestamptz", report.timestamp().toString());
        Map<String, Object> results = new LinkedHashMap<>();
        check.byHost().forEach((host, r) -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("role", Findings.role(r.role()));
            if (r.isOk()) {
                entry.put("data", r.data().values());
            } else {
                entry.put("error", r.error());
            }
            results.put(host, entry);
        });
        json.put("results", results);
        json.put("processed", check.concludeError() == null && !check.ranNowhere());
        if (check.concludeError() != null) {
            json.put("error", check.concludeError());
        }
        json.put("p1", check.has(Priority.P1));
        json.put("p2", check.has(Priority.P2));
        json.put("p3", check.has(Priority.P3));
        List<Map<String, Object>> conclusions = new ArrayList<>();
        List<Map<String, Object>> recommendations = new ArrayList<>();
        List<Map<String, Object>> findings = new ArrayList<>();
        int i = 0;
        for (Finding f : check.findings()) {
            i++;
            String id = check.id() + "_" + i;
            conclusions.add(message(id, f.priority(), Findings.conclusion(f)));
            if (f.recommendation() != null && !f.recommendation().isBlank()) {
                recommendations.add(message(id, f.priority(), Findings.recommendation(f)));
            }
            Map<String, Object> finding = new LinkedHashMap<>();
            finding.put("id", id);
            finding.put("priority", f.priority().name());
            finding.put("conclusion", f.conclusion());
            finding.put("recommendation", f.recommendation());
            finding.put("do", f.doSql());
            finding.put("undo", f.undoSql());
            findings.add(finding);
        }
        json.put("conclusions", conclusions);
        json.put("recommendations", recommendations);
        json.put("findings", findings);
        return json;
    }

    private static Map<String, Object> message(String id, Priority p, String text) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("priority", p.name());
        m.put("message", text);
        return m;
    }

    static Map<String, Object> summaryJson(CheckupReport report) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("project", report.project());
        json.put("timestamptz", report.timestamp().toString());
        json.put("duration_ms", report.duration().toMillis());
        List<Map<String, Object>> hosts = new ArrayList<>();
        for (HostInfo h : report.hosts()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", h.name());
            m.put("database", h.database());
            m.put("role", Findings.role(h.role()));
            m.put("version", h.serverVersion());
            if (!h.isReached()) {
                m.put("error", h.error());
            }
            hosts.add(m);
        }
        json.put("hosts", hosts);
        json.put("p1", report.count(Priority.P1));
        json.put("p2", report.count(Priority.P2));
        json.put("p3", report.count(Priority.P3));
        List<Map<String, Object>> checks = new ArrayList<>();
        for (CheckResult c : report.checks()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("checkId", c.id());
            m.put("title", c.title());
            m.put("p1", c.count(Priority.P1));
            m.put("p2", c.count(Priority.P2));
            m.put("p3", c.count(Priority.P3));
            List<String> unavailable = new ArrayList<>();
            c.byHost().forEach((host, r) -> {
                if (!r.isOk()) {
                    unavailable.add(host + ": " + r.error());
                }
            });
            m.put("unavailable", unavailable);
            checks.add(m);
        }
        json.put("checks", checks);
        json.put("warnings", report.warnings());
        return json;
    }
}
