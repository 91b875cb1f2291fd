package io.dblab.checkup.report;

import io.dblab.checkup.api.Finding;
import io.dblab.checkup.api.Priority;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One self-contained HTML page: inline CSS, inline SVG charts, no scripts and no external
 * references, so it can be mailed or attached as it is. It has the hosts, a summary of findings
 * by priority, and per check its findings (with DO/UNDO SQL), a chart where one helps, and the
 * observations per host in collapsible tables.
 */
public final class HtmlRenderer {
    private static final String CSS = """
            body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1d2430;background:#f6f7f9}
            header{background:#1d2b3f;color:#fff;padding:18px 28px}
            header h1{margin:0 0 4px;font-size:22px}
            main{padding:8px 28px 40px;max-width:1200px}
            section{background:#fff;border:1px solid #dde2e8;border-radius:6px;padding:10px 18px;margin:16px 0}
            h2{font-size:18px;margin:8px 0}
            h3{font-size:15px;margin:12px 0 6px}
            table{border-collapse:collapse;margin:6px 0 12px;font-size:13px}
            th,td{border:1px solid #dde2e8;padding:3px 8px;text-align:left;vertical-align:top}
            th{background:#eef1f5}
            td{max-width:520px;overflow-wrap:anywhere}
            .badge{display:inline-block;min-width:26px;padding:1px 6px;border-radius:4px;color:#fff;font-weight:600;text-align:center;font-size:12px}
            .P1{background:#c62828}.P2{background:#ef6c00}.P3{background:#1565c0}.INFO{background:#78909c}
            .counts .badge{font-size:16px;padding:4px 12px;margin-right:8px}
            ul.findings{list-style:none;padding-left:0}
            ul.findings li{margin:6px 0}
            .rec{color:#37474f;margin:2px 0 0 40px}
            pre{background:#f0f3f6;border:1px solid #dde2e8;padding:6px 10px;overflow-x:auto;margin:4px 0 4px 40px}
            .unavailable{color:#8a5a00}
            details{margin:6px 0}
            summary{cursor:pointer;font-weight:600}
            svg.chart{max-width:100%;height:auto;font-size:12px;margin:6px 0}
            svg.chart text{fill:#1d2430}
            svg.chart .chart-title{font-weight:600}
            .muted{color:#6b7785}
            a{color:#1565c0}
            """;

    public Path write(CheckupReport report, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, render(report), StandardCharsets.UTF_8);
        return file;
    }

    public String render(CheckupReport report) {
        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>Checkup: ").append(Html.escape(report.project())).append("</title><style>")
                .append(CSS).append("</style></head><body>\n");
        h.append("<header><h1>Checkup report: ").append(Html.escape(report.project())).append("</h1><div>Generated ")
                .append(Html.escape(report.timestamp().toString())).append(" in ")
                .append(report.duration().toMillis() / 1000.0).append(" s</div></header>\n<main>\n");
        summary(h, report);
        for (CheckResult c : report.checks()) {
            check(h, c);
        }
        h.append("</main></body></html>\n");
        return h.toString();
    }

    private void summary(StringBuilder h, CheckupReport report) {
        h.append("<section id=\"summary\"><h2>Summary</h2><p class=\"counts\">");
        for (Priority p : List.of(Priority.P1, Priority.P2, Priority.P3)) {
            h.append("<span class=\"badge ").append(p).append("\">").append(p).append(": ").append(report.count(p))
                    .append("</span>");
        }
        h.append("</p><h3>Hosts</h3><table><tr><th>Host</th><th>Role</th><th>Version</th><th>Database</th><th>Status</th></tr>");
        for (HostInfo host : report.hosts()) {
            h.append("<tr><td>").append(Html.escape(host.name())).append("</td><td>").append(Findings.role(host.role()))
                    .append("</td><td>").append(Html.escape(host.serverVersion())).append("</td><td>")
                    .append(Html.escape(host.database())).append("</td><td>")
                    .append(host.isReached() ? "checked" : "<span class=\"unavailable\">not reached: "
                            + Html.escape(host.error()) + "</span>").append("</td></tr>");
        }
        h.append("</table><h3>Findings by check</h3><table><tr><th>Check</th><th>Title</th><th>P1</th><th>P2</th><th>P3</th><th>Notes</th></tr>");
        for (CheckResult c : report.checks()) {
            h.append("<tr><td><a href=\"#").append(anchor(c)).append("\">").append(Html.escape(c.id())).append("</a></td><td>")
                    .append(Html.escape(c.title())).append("</td>");
            for (Priority p : List.of(Priority.P1, Priority.P2, Priority.P3)) {
                long n = c.count(p);
                h.append("<td>").append(n == 0 ? "" : "<span class=\"badge " + p + "\">" + n + "</span>").append("</td>");
            }
            h.append("<td class=\"muted\">").append(Html.escape(MarkdownRenderer.notes(c))).append("</td></tr>");
        }
        h.append("</table>");
        if (!report.warnings().isEmpty()) {
            h.append("<h3>Warnings</h3><ul>");
            report.warnings().forEach(w -> h.append("<li>").append(Html.escape(w)).append("</li>"));
            h.append("</ul>");
        }
        h.append("</section>\n");
    }

    private void check(StringBuilder h, CheckResult c) {
        h.append("<section id=\"").append(anchor(c)).append("\"><h2>").append(Html.escape(c.id())).append(' ')
                .append(Html.escape(c.title())).append("</h2>");
        if (c.concludeError() != null) {
            h.append("<p class=\"unavailable\">").append(Html.escape(c.concludeError())).append("</p>");
        }
        if (c.findings().isEmpty()) {
            h.append("<p class=\"muted\">").append(c.ranNowhere() ? "No data: the check could not run." : "No findings.")
                    .append("</p>");
        } else {
            h.append("<ul class=\"findings\">");
            for (Finding f : c.findings()) {
                h.append("<li><span class=\"badge ").append(f.priority()).append("\">").append(f.priority())
                        .append("</span> ").append(Html.escape(f.conclusion()));
                if (f.recommendation() != null && !f.recommendation().isBlank()) {
                    h.append("<div class=\"rec\">").append(Html.escape(f.recommendation())).append("</div>");
                }
                sql(h, "DO", f.doSql());
                sql(h, "UNDO", f.undoSql());
                h.append("</li>");
            }
            h.append("</ul>");
        }
        Optional<String> chart = Charts.forCheck(c);
        chart.ifPresent(svg -> h.append(svg));
        c.byHost().forEach((host, r) -> {
            if (!r.isOk()) {
                h.append("<p class=\"unavailable\">").append(Html.escape(host)).append(" (").append(Findings.role(r.role()))
                        .append("): not available: ").append(Html.escape(r.error())).append("</p>");
                return;
            }
            h.append("<details><summary>Observations on ").append(Html.escape(host)).append(" (")
                    .append(Findings.role(r.role())).append(")</summary>");
            for (DataView.Table t : DataView.tables(r.data().values())) {
                table(h, t);
            }
            h.append("</details>");
        });
        h.append("</section>\n");
    }

    private static void sql(StringBuilder h, String label, List<String> statements) {
        if (statements.isEmpty()) {
            return;
        }
        h.append("<div class=\"rec\">").append(label).append(":</div><pre>");
        h.append(Html.escape(String.join("\n", statements)));
        h.append("</pre>");
    }

    private static void table(StringBuilder h, DataView.Table t) {
        if (!t.title().isEmpty()) {
            h.append("<h3>").append(Html.escape(t.title())).append("</h3>");
        }
        h.append("<table><tr>");
        t.columns().forEach(col -> h.append("<th>").append(Html.escape(col)).append("</th>"));
        h.append("</tr>");
        for (List<String> row : t.rows()) {
            h.append("<tr>");
            row.forEach(cell -> h.append("<td>").append(Html.escape(cell)).append("</td>"));
            h.append("</tr>");
        }
        h.append("</table>");
        if (t.omitted() > 0) {
            h.append("<p class=\"muted\">… and ").append(t.omitted()).append(" more rows (all are in the JSON report).</p>");
        }
    }

    private static String anchor(CheckResult c) {
        return c.id().toLowerCase(Locale.ROOT);
    }
}
