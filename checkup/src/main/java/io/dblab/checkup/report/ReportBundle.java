package io.dblab.checkup.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A report directory ({@code checkup run --out}) as one JSON document for the Platform:
 * {@code {"json": {"<file>.json": {...}, ...}, "html": "..."}} with every file of {@code json/} and the HTML
 * view when there is one.
 */
public final class ReportBundle {
    public static final String SUMMARY_FILE = "0_summary.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ReportBundle() {}

    /** @throws IllegalArgumentException when {@code dir} is no directory or holds no {@code json/0_summary.json} */
    public static String read(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + " is not a directory: give the directory 'dblab checkup run --out' wrote");
        }
        Path jsonDir = dir.resolve("json");
        if (!Files.isRegularFile(jsonDir.resolve(SUMMARY_FILE))) {
            throw new IllegalArgumentException(dir + " holds no json/" + SUMMARY_FILE + ": run 'dblab checkup run' with the"
                    + " json format (the default) into it first");
        }
        ObjectNode body = JSON.createObjectNode();
        ObjectNode files = body.putObject("json");
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(jsonDir, "*.json")) {
            for (Path file : stream) {
                files.set(file.getFileName().toString(), JSON.readTree(file.toFile()));
            }
            Path html = dir.resolve(ReportWriter.HTML_FILE);
            if (Files.isRegularFile(html)) {
                body.put("html", Files.readString(html));
            }
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the report in " + dir + ": " + e.getMessage(), e);
        }
    }
}
