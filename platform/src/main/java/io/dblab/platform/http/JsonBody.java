package io.dblab.platform.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.dblab.client.Json;
import io.dblab.platform.auth.Refusal;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** A request's JSON object and its fields, each refused with a 400 that names it when it is missing or wrong. */
public final class JsonBody {
    private final JsonNode node;

    private JsonBody(JsonNode node) {
        this.node = node;
    }

    public static JsonBody parse(String body, String shape) {
        return new JsonBody(Json.object(body).orElseThrow(() -> Refusal.badRequest("the body must be a JSON object: " + shape)));
    }

    public JsonNode node() {
        return node;
    }

    /** A string field of 1 to {@code max} characters. */
    public String text(String field, int max) {
        String value = optionalText(field, max);
        if (value == null || value.isBlank()) {
            throw Refusal.badRequest("'" + field + "' must be a non-empty string");
        }
        return value;
    }

    /** A string field that may be missing or null, of at most {@code max} characters. */
    public String optionalText(String field, int max) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw Refusal.badRequest("'" + field + "' must be a string");
        }
        if (value.textValue().length() > max) {
            throw Refusal.badRequest("'" + field + "' is longer than " + max + " characters");
        }
        return value.textValue();
    }

    public Instant instant(String field) {
        try {
            return Instant.parse(text(field, 100));
        } catch (DateTimeParseException e) {
            throw Refusal.badRequest("'" + field + "' must be a time like 2026-03-01T09:00:00Z");
        }
    }
}
