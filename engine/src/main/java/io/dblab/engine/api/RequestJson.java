package io.dblab.engine.api;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.dblab.client.Json;
import io.dblab.engine.error.BadRequestException;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads request bodies strictly, in one place for every endpoint. Each field must have its own JSON
 * type: Jackson's default coercions would take {@code "restricted": "true"} as a boolean and
 * {@code "id": 123} as a string, so a client's mistake would pass unnoticed. No string may contain
 * NUL: PostgreSQL cannot store it, and C code that sees a name or password (libpq, the OS) would
 * cut the value short there, so the engine and PostgreSQL would not agree on what was asked.
 * Each error is a 400 that names the field.
 */
final class RequestJson {
    private final ObjectMapper mapper = Json.mapper().copy()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    RequestJson() {
        refuse(LogicalType.Boolean, CoercionInputShape.String, CoercionInputShape.EmptyString,
                CoercionInputShape.Integer, CoercionInputShape.Float);
        refuse(LogicalType.Integer, CoercionInputShape.String, CoercionInputShape.EmptyString,
                CoercionInputShape.Boolean, CoercionInputShape.Float);
        refuse(LogicalType.Float, CoercionInputShape.String, CoercionInputShape.EmptyString, CoercionInputShape.Boolean);
        refuse(LogicalType.Textual, CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean);
    }

    private void refuse(LogicalType type, CoercionInputShape... shapes) {
        for (CoercionInputShape shape : shapes) {
            mapper.coercionConfigFor(type).setCoercion(shape, CoercionAction.Fail);
        }
    }

    /** The body as {@code type}; a {@link BadRequestException} that names the field when it is not one. */
    <T> T read(String body, Class<T> type) {
        try {
            JsonNode tree = mapper.readTree(body);
            refuseNul(tree, "");
            return mapper.treeToValue(tree, type);
        } catch (JsonProcessingException e) {
            throw new BadRequestException(describe(e));
        }
    }

    private static void refuseNul(JsonNode node, String path) {
        if (node.isTextual() && node.textValue().indexOf('\0') >= 0) {
            throw new BadRequestException("field '" + path + "' contains a NUL character (\\u0000)");
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                refuseNul(node.get(i), path + "[" + i + "]");
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String fieldPath = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
            if (field.getKey().indexOf('\0') >= 0) {
                throw new BadRequestException("a field name " + (path.isEmpty() ? "" : "in '" + path + "' ")
                        + "contains a NUL character (\\u0000)");
            }
            refuseNul(field.getValue(), fieldPath);
        }
    }

    /**
     * One line that says what is wrong with the body, in JSON's terms: without Jackson's source
     * excerpts, Java class names or token names, which tell a client nothing it can act on.
     */
    static String describe(JsonProcessingException e) {
        String detail = e.getOriginalMessage().replaceAll("\\s*\\(start marker at .*", "")
                .replaceAll(" \\(code \\d+\\)", "").replaceAll("\\s+", " ");
        boolean syntax = e instanceof JsonParseException || e.getCause() instanceof JsonParseException
                || detail.contains("end-of-input");
        if (syntax) {
            return "malformed JSON" + at(e) + ": " + detail;
        }
        if (detail.startsWith("Trailing token")) {
            return "malformed JSON" + at(e) + ": more after the end of the JSON value";
        }
        String expected = e instanceof MismatchedInputException mismatch ? expected(mismatch.getTargetType()) : null;
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = mapping.getPath().stream()
                    .map(p -> p.getFieldName() != null ? p.getFieldName() : "[" + p.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            return "invalid JSON in field '" + field + "': " + (expected != null ? "must be " + expected : "wrong JSON type");
        }
        return "invalid JSON: the body must be " + (expected != null ? expected : "a JSON object");
    }

    /** Where the parser stopped, as " at line L, column C", when it knows. */
    private static String at(JsonProcessingException e) {
        return e.getLocation() == null || e.getLocation().getLineNr() < 1 ? ""
                : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
    }

    /** The JSON type a field of this Java type takes, or null when there is no short name for it. */
    private static String expected(Class<?> type) {
        if (type == null) {
            return null;
        }
        if (type == Boolean.class || type == boolean.class) {
            return "a boolean (true or false)";
        }
        if (type == String.class) {
            return "a string";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        return null;
    }
}
