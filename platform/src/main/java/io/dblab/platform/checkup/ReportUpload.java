package io.dblab.platform.checkup;

import com.fasterxml.jackson.databind.JsonNode;
import io.dblab.client.Json;
import io.dblab.platform.auth.Refusal;
import io.dblab.platform.http.JsonBody;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An upload of {@code dblab checkup upload}: {@code {"json": {"<file>.json": {...}, ...}, "html": "..."}}, the
 * files of a {@code checkup run --out} directory. The project, the report's time and the P1/P2/P3 counts
 * come from {@code 0_summary.json}; the HTML view is optional and kept as it came.
 */
public record ReportUpload(String project, Instant reportedAt, int p1, int p2, int p3, String jsonFiles, String html) {
    public static final String SUMMARY = "0_summary.json";
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,100}\\.json");

    public static ReportUpload parse(String text) {
        JsonBody body = JsonBody.parse(text, "{\"json\": {\"0_summary.json\": {...}, ...}, \"html\": \"...\"}");
        JsonNode files = body.node().path("json");
        if (!files.isObject()) {
            throw Refusal.badRequest("'json' must be an object of the report's JSON files by name");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = files.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> file = it.next();
            if (!FILE_NAME.matcher(file.getKey()).matches() || !file.getValue().isObject()) {
                throw Refusal.badRequest("'json' holds '" + file.getKey() + "', which is not a report file (a name like"
                        + " A002_version.json and a JSON object)");
            }
        }
        JsonNode summary = files.path(SUMMARY);
        if (!summary.isObject()) {
            throw Refusal.badRequest("the upload has no " + SUMMARY + ": upload a directory written by 'dblab checkup run'"
                    + " with the json format");
        }
        String project = summary.path("project").asText("").strip();
        if (project.isEmpty() || project.length() > 200) {
            throw Refusal.badRequest(SUMMARY + " needs a project name of 1 to 200 characters");
        }
        Instant at;
        try {
            at = Instant.parse(summary.path("timestamptz").asText(""));
        } catch (DateTimeParseException e) {
            throw Refusal.badRequest(SUMMARY + " needs its timestamptz, like 2026-03-01T09:00:00Z");
        }
        String html = body.optionalText("html", Integer.MAX_VALUE);
        try {
            return new ReportUpload(project, at, count(summary, "p1"), count(summary, "p2"), count(summary, "p3"),
                    Json.mapper().writeValueAsString(files), html);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw Refusal.badRequest("the JSON files cannot be kept: " + e.getOriginalMessage());
        }
    }

    private static int count(JsonNode summary, String field) {
        JsonNode value = summary.path(field);
        if (!value.canConvertToInt() || value.intValue() < 0) {
            throw Refusal.badRequest(SUMMARY + " needs '" + field + "', the number of " + field.toUpperCase() + " findings");
        }
        return value.intValue();
    }
}
