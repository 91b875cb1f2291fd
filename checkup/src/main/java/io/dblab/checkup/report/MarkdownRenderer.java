package io.dblab.checkup.report;

import io.dblab.checkup.api.Finding;
import io.dblab.checkup.api.Priority;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Markdown: {@code md/<ID>.md} per check (observations per host, conclusions, recommendations with
 * DO/UNDO SQL) and {@code md/0_Full_report.md} with the hosts, a summary table of findings by
 * priority, and every check.
 */
public final class MarkdownRenderer {

    public List<Path> write(CheckupReport report, Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        for (CheckResult check : report.checks()) {
            Path file = dir.resolve(check.id() + ".md");
            Files.writeString(file, check(report, check, "#"), StandardCharsets.UTF_8);
            written.add(file);
        }
        Path full = dir.resolve("0_Full_report.md");
        Files.writeString(full, full(report), StandardCharsets.UTF_8);
        written.add(full);
        return written;
    }

    public String full(CheckupReport report) {
        StringBuilder md = new StringBuilder();
        md.append("# Checkup report: ").append(text(report.project())).append("\n\n");
        md.append("Generated ").append(report.timestamp()).append(" in ")
                .append(report.duration().toMillis() / 1000.0).append(" s.\n\n");
        md.append("## Hosts\n\n| Host | Role | Version | Database | Status |\n|---|---|---|---|---|\n");
        for (HostInfo h : report.hosts()) {
            md.append("| ").append(cell(h.name())).append(" | ").append(Findings.role(h.role())).append(" | ")
                    .append(cell(h.serverVersion())).append(" | ").append(cell(h.database())).append(" | ")
                    .append(h.isReached() ? "checked" : cell("not reached: " + h.error())).append(" |\n");
        }
        md.append("\n## Summary\n\n");
        md.append("**P1: ").append(report.count(Priority.P1)).append("**, **P2: ").append(report.count(Priority.P2))
                .append("**, **P3: ").append(report.count(Priority.P3)).append("**\n\n");
        md.append("| Check | Title | P1 | P2 | P3 | Notes |\n|---|---|---|---|---|---|\n");
        for (CheckResult c : report.checks()) {
            md.append("| [").append(c.id()).append("](#").append(anchor(c)).append(") | ")
                    .append(cell(c.title())).append(" | ").append(flag(c.count(Priority.P1))).append(" | ")
                    .append(flag(c.count(Priority.P2))).append(" | ").append(flag(c.count(Priority.P3))).append(" | ")
                    .append(cell(notes(c))).append(" |\n");
        }
        if (!report.warnings().isEmpty()) {
            md.append("\n### Warnings\n\n");
            report.warnings().forEach(w -> md.append("- ").append(text(w)).append('\n'));
        }
        md.append('\n');
        for (CheckResult c : report.checks()) {
            md.append(check(report, c, "##")).append('\n');
        }
        return md.toString();
    }

    /** The anchor GitHub and most renderers give the heading "ID Title". */
    static String anchor(CheckResult c) {
        return (c.id() + " " + c.title()).toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9 _-]", "")
                .replace(' ', '-');
    }

    static String notes(CheckResult c) {
        long failed = c.byHost().values().stream().filter(r -> !r.isOk()).count();
        if (c.concludeError() != null) {
            return c.concludeError();
        }
        if (c.ranNowhere()) {
            return "not available";
        }
        return failed > 0 ? "not available on " + failed + " host(s)" : "";
    }

    public String check(CheckupReport report, CheckResult check, String h) {
        StringBuilder md = new StringBuilder();
        md.append(h).append(' ').append(check.id()).append(' ').append(text(check.title())).append("\n\n");
        if (h.equals("#")) {
            md.append("Project ").append(text(report.project())).append(", ").append(report.timestamp()).append("\n\n");
        }
        md.append(h).append("# Observations\n\n");
        check.byHost().forEach((host, r) -> {
            md.append(h).append("## ").append(text(host)).append(" (").append(Findings.role(r.role())).append(")\n\n");
            if (!r.isOk()) {
                md.append("Not available: ").append(text(r.error())).append("\n\n");
                return;
            }
            for (DataView.Table t : DataView.tables(r.data().values())) {
                table(md, t);
            }
        });
        md.append(h).append("# Conclusions\n\n");
        if (check.concludeError() != null) {
            md.append("- ").append(text(check.concludeError())).append('\n');
        }
        if (check.findings().isEmpty() && check.concludeError() == null) {
            md.append(check.ranNowhere() ? "No data: the check could not run.\n" : "No findings.\n");
        }
        check.findings().forEach(f -> md.append("- ").append(text(Findings.conclusion(f))).append('\n'));
        md.append('\n');
        List<Finding> withRecommendation = check.findings().stream()
                .filter(f -> (f.recommendation() != null && !f.recommendation().isBlank()) || !f.doSql().isEmpty()).toList();
        if (!withRecommendation.isEmpty()) {
            md.append(h).append("# Recommendations\n\n");
            for (Finding f : withRecommendation) {
                if (f.recommendation() != null && !f.recommendation().isBlank()) {
                    md.append("- ").append(text(Findings.recommendation(f))).append('\n');
                }
                if (!f.doSql().isEmpty()) {
                    md.append("\n  DO:\n\n  ```sql\n");
                    f.doSql().forEach(s -> md.append("  ").append(s.replace("\n", "\n  ")).append('\n'));
                    md.append("  ```\n");
                }
                if (!f.undoSql().isEmpty()) {
                    md.append("\n  UNDO:\n\n  ```sql\n");
                    f.undoSql().forEach(s -> md.append("  ").append(s.replace("\n", "\n  ")).append('\n'));
                    md.append("  ```\n");
                }
            }
            md.append('\n');
        }
        return md.toString();
    }

    private static void table(StringBuilder md, DataView.Table t) {
        if (!t.title().isEmpty()) {
            md.append("**").append(text(t.title())).append("**\n\n");
        }
        md.append('|');
        t.columns().forEach(c -> md.append(' ').append(cell(c)).append(" |"));
        md.append("\n|");
        t.columns().forEach(c -> md.append("---|"));
        md.append('\n');
        for (List<String> row : t.rows()) {
            md.append('|');
            row.forEach(c -> md.append(' ').append(cell(c)).append(" |"));
            md.append('\n');
        }
        if (t.omitted() > 0) {
            md.append("\n… and ").append(t.omitted()).append(" more rows (all are in the JSON report).\n");
        }
        md.append('\n');
    }

    private static String flag(long n) {
        return n == 0 ? "" : Long.toString(n);
    }

    private static String text(String s) {
        return s == null ? "" : s.replace("\r", "");
    }

    private static String cell(String s) {
        return s == null ? "" : s.replace("\\", "\\\\").replace("|", "\\|").replace("\r", "").replace("\n", " ");
    }
}
