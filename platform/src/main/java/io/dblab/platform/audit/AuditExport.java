package io.dblab.platform.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dblab.client.Json;
import java.util.List;

/** Audit rows as CSV (RFC 4180, a header line) or as a JSON array, for the page's export links and the API. */
public final class AuditExport {
    private static final String[] COLUMNS = {"id", "at", "actor", "organization", "action", "target", "result",
            "sourceAddress", "details"};
    private static final ObjectMapper JSON = Json.mapper();

    private AuditExport() {}

    public static String csv(List<AuditEntry> entries) {
        StringBuilder out = new StringBuilder(String.join(",", COLUMNS)).append("\r\n");
        for (AuditEntry e : entries) {
            Object[] values = {e.id(), e.at(), e.actor(), e.organizationId(), e.action(), e.target(), e.result(),
                    e.sourceAddress(), e.details()};
            for (int i = 0; i < values.length; i++) {
                out.append(i == 0 ? "" : ",").append(csvField(values[i]));
            }
            out.append("\r\n");
        }
        return out.toString();
    }

    public static ArrayNode json(List<AuditEntry> entries) {
        ArrayNode rows = JSON.createArrayNode();
        for (AuditEntry e : entries) {
            ObjectNode row = rows.addObject();
            row.put("id", e.id()).put("at", e.at().toString()).put("actor", e.actor());
            row.put("organization", e.organizationId());
            row.put("action", e.action()).put("target", e.target()).put("result", e.result())
                    .put("sourceAddress", e.sourceAddress());
            row.set("details", parse(e.details()));
        }
        return rows;
    }

    /**
     * A field quoted when it holds a separator, a quote or a line break; one that a spreadsheet would
     * run as a formula ({@code =}, {@code +}, {@code -}, {@code @}) gets a leading apostrophe.
     */
    private static String csvField(Object value) {
        if (value == null) {
            return "";
        }
        String text = value.toString();
        if (!text.isEmpty() && "=+-@".indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
            return "\"" + text.replace("\"", "\"\"") + "\"";
        }
        return text;
    }

    private static JsonNode parse(String details) {
        try {
            return JSON.readTree(details);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("audit details in the database are not JSON", e);
        }
    }
}
