package io.dblab.checkup.report;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Writes a report into an output directory: {@code json/}, {@code md/} and {@code report.html},
 * as chosen. Files an earlier run left in {@code json/} and {@code md/} (and only report files)
 * are removed first, so the directory holds one run.
 */
public final class ReportWriter {
    public static final String HTML_FILE = "report.html";

    public record Written(List<Path> files, Path html) {}

    public Written write(CheckupReport report, Path out, Set<ReportFormat> formats) throws IOException {
        Files.createDirectories(out);
        List<Path> files = new ArrayList<>();
        Path html = null;
        if (formats.contains(ReportFormat.JSON)) {
            Path dir = out.resolve("json");
            clean(dir, "[A-Z][0-9][0-9][0-9]_*.json", "0_summary.json");
            files.addAll(new JsonReportWriter().write(report, dir));
        }
        if (formats.contains(ReportFormat.MD)) {
            Path dir = out.resolve("md");
            clean(dir, "[A-Z][0-9][0-9][0-9].md", "0_Full_report.md");
            files.addAll(new MarkdownRenderer().write(report, dir));
        }
        if (formats.contains(ReportFormat.HTML)) {
            html = new HtmlRenderer().write(report, out.resolve(HTML_FILE));
            files.add(html);
        }
        return new Written(files, html);
    }

    private static void clean(Path dir, String... globs) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        for (String glob : globs) {
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, glob)) {
                for (Path p : stream) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
