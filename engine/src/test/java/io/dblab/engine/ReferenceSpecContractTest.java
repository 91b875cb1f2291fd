package io.dblab.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import io.dblab.client.Json;
import io.dblab.client.transport.EngineReply;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.OpenAPIV3Parser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The reference's own API description (dblab_openapi.yaml, API 4.1.0, in test resources) run
 * against a live engine: every operation the engine implements is called with valid input, ids
 * chained from one call to the next, and every answer validated against the spec's schema for that
 * operation and status; the operations it does not implement are listed with the reason and must
 * answer 404. Where the reference's code answers otherwise than its spec, the spec is corrected
 * first, one documented line each ({@link #followTheReferencesCode}; docs/api.md lists the same).
 */
class ReferenceSpecContractTest {
    private static final String SPEC = "reference/dblab_openapi.yaml";
    private static final String SPEC_URI = "https://reference.invalid/dblab_openapi.json";
    private static final String PASSWORD = "Contract-Spec-8841-frobnicate";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String TIME_OR_EMPTY = "^$|^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(Z|[+-]\\d{2}:\\d{2})$";

    /** Operations of the spec this engine does not serve, and why. */
    private static final Map<String, String> NOT_IMPLEMENTED = Map.of(
            "POST /admin/ws-auth", "no WebSocket log stream (and the reference itself serves GET, not POST)",
            "POST /observation/start", "observation sessions need the reference's Platform",
            "POST /observation/stop", "observation sessions need the reference's Platform",
            "GET /observation/summary/{clone_id}/{session_id}", "observation sessions need the reference's Platform",
            "GET /observation/download", "observation sessions need the reference's Platform");

    private static EngineFixture engine;
    private static ObjectNode spec;
    private static SchemaRegistry schemas;
    /** Operations checked so far, to compare with the spec's list at the end. */
    private static final Set<String> checked = new TreeSet<>();

    @BeforeAll
    static void start() throws IOException {
        engine = EngineFixture.start(EngineFixture.Setup.logical(16380, 16399));
        try (InputStream in = ReferenceSpecContractTest.class.getClassLoader().getResourceAsStream(SPEC)) {
            spec = (ObjectNode) YAML.readTree(in);
        }
        followTheReferencesCode(spec);
        schemas = SchemaRegistry.withDialect(Dialects.getOpenApi30(),
                builder -> builder.schemas(Map.of(SPEC_URI, spec.toString())));
    }

    @AfterAll
    static void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    /**
     * The reference's code and CLI disagree with its spec on these fields; scripts follow the code,
     * so the engine does, and the spec is corrected here to what the code sends.
     */
    private static void followTheReferencesCode(ObjectNode document) {
        // an unset time is "" (the reference's zero LocalTime); a set one is RFC 3339 to the second
        secondsOrEmpty(document);
        ObjectNode components = (ObjectNode) document.get("components").get("schemas");
        // alerts are an object keyed by alert type; nextRefresh is null without a timetable
        property(components, "Retrieving", "alerts").removeAll().put("type", "object");
        property(components, "Retrieving", "nextRefresh").put("nullable", true);
        // seconds and ratios have fractions
        property(components, "Cloning", "expectedCloningTime").put("type", "number");
        property(components, "CloneMetadata", "cloningTime").put("type", "number");
        property(components, "FileSystem", "compressRatio").put("type", "number");
        // replication lag in seconds, an integer
        property(components, "Synchronization", "replicationLag").put("type", "integer");
        // branch and log data times are YYYYMMDDHHMMSS, which the reference's CLI parses
        property(components, "Branch", "dataStateAt").put("pattern", "^\\d{14}$");
        property(components, "SnapshotDetails", "dataStateAt").put("pattern", "^\\d{14}$");
        // child and root are lists of snapshots and branches
        for (String list : List.of("child", "root")) {
            property(components, "SnapshotDetails", list).removeAll().put("type", "array")
                    .set("items", Json.mapper().createObjectNode().put("type", "string"));
        }
    }

    /** Every {@code format: date-time} of the spec becomes: empty, or RFC 3339 without fractions of a second. */
    private static void secondsOrEmpty(JsonNode node) {
        if (node instanceof ObjectNode object && "date-time".equals(object.path("format").asText())) {
            object.remove("format");
            object.put("pattern", TIME_OR_EMPTY);
        }
        node.forEach(ReferenceSpecContractTest::secondsOrEmpty);
    }

    private static ObjectNode property(ObjectNode components, String schema, String name) {
        return (ObjectNode) components.get(schema).get("properties").get(name);
    }

    @Test
    void everyOperationOfTheSpecAnswersAsTheSpecSays() throws Exception {
        call("GET", "/healthz", "/healthz", null, 200);
        call("GET", "/status", "/status", null, 200);
        call("GET", "/instance/retrieval", "/instance/retrieval", null, 200);
        call("GET", "/snapshots", "/snapshots", null, 200);
        call("GET", "/clones", "/clones", null, 200);
        EngineReply metrics = engine.client().raw("GET", "/metrics", null);
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.contentType()).startsWith("text/plain");
        checked.add("GET /metrics");

        call("POST", "/branch", "/branch", "{\"branchName\": \"contract\", \"baseBranch\": \"main\"}", 200);
        call("GET", "/branches", "/branches", null, 200);
        call("POST", "/clone", "/clone", "{\"id\": \"spec1\", \"branch\": \"contract\", \"db\": {\"username\":"
                + " \"spec_user\", \"password\": \"" + PASSWORD + "\"}}", 201);
        engine.awaitStatus("spec1", "OK");
        call("GET", "/clone/{id}", "/clone/spec1", null, 200);
        call("PATCH", "/clone/{id}", "/clone/spec1", "{\"protected\": true, \"protectionDurationMinutes\": 10}", 200);
        call("PATCH", "/clone/{id}", "/clone/spec1", "{\"protected\": false}", 200);
        emptyAnswer("POST", "/clone/{id}/reset", "/clone/spec1/reset", "{\"latest\": true}");
        engine.awaitStatus("spec1", "OK");

        JsonNode commit = call("POST", "/branch/snapshot", "/branch/snapshot",
                "{\"cloneID\": \"spec1\", \"message\": \"contract commit\"}", 200);
        String commitId = commit.get("snapshotID").asText();
        call("GET", "/branch/snapshot/{id}", "/branch/snapshot/" + commitId, null, 200);
        call("GET", "/branch/{branchName}/log", "/branch/contract/log", null, 200);
        call("PATCH", "/branch/{branchName}", "/branch/contract", "{\"protected\": true}", 200);
        call("PATCH", "/branch/{branchName}", "/branch/contract", "{\"protected\": false}", 200);
        engine.awaitStatus("spec1", "OK");
        emptyAnswer("DELETE", "/clone/{id}", "/clone/spec1", null);
        engine.awaitGone("spec1");
        call("DELETE", "/branch/{branchName}", "/branch/contract", null, 200);

        JsonNode snapshot = call("POST", "/snapshot", "/snapshot", "{}", 200);
        String snapshotId = snapshot.get("id").asText();
        call("PATCH", "/snapshot/{id}", "/snapshot/" + snapshotId, "{\"protected\": false}", 200);
        call("DELETE", "/snapshot/{id}", "/snapshot/" + snapshotId, null, 200);
        call("POST", "/full-refresh", "/full-refresh", null, 200);

        call("GET", "/admin/config", "/admin/config", null, 200);
        call("POST", "/admin/config", "/admin/config", "{\"global\": {\"debug\": false}}", 200);
        EngineReply yaml = engine.client().raw("GET", "/admin/config.yaml", null);
        assertThat(yaml.status()).isEqualTo(200);
        assertThat(yaml.contentType()).startsWith("application/yaml");
        assertThat(YAML.readTree(yaml.body()).isObject()).as("the spec's Config is an object").isTrue();
        checked.add("GET /admin/config.yaml");
        // the spec gives no schema for this answer ("content: {}"): the reference's shape is checked in AdminConfigTest
        EngineReply sourceCheck = engine.client().raw("POST", "/admin/test-db-source", "{\"host\": \""
                + engine.source().server().socketDir() + "\", \"port\": \"" + engine.source().port()
                + "\", \"username\": \"postgres\", \"dbname\": \"postgres\"}");
        assertThat(sourceCheck.status()).as(sourceCheck.body()).isEqualTo(200);
        assertThat(Json.mapper().readTree(sourceCheck.body()).get("status").asText()).isEqualTo("ok");
        checked.add("POST /admin/test-db-source");

        for (Map.Entry<String, String> missing : NOT_IMPLEMENTED.entrySet()) {
            String[] operation = missing.getKey().split(" ", 2);
            String path = operation[1].replace("{clone_id}", "c").replace("{session_id}", "1");
            EngineReply reply = engine.client().raw(operation[0], path, "POST".equals(operation[0]) ? "{}" : null);
            assertThat(reply.status()).as("%s (%s): %s", missing.getKey(), missing.getValue(), reply.body())
                    .isEqualTo(404);
            assertThat(Json.mapper().readTree(reply.body()).get("code").asText()).isEqualTo("NOT_FOUND");
            checked.add(missing.getKey());
        }
        assertThat(checked).as("every operation of the spec is called or listed as not implemented")
                .containsExactlyInAnyOrderElementsOf(specOperations());
    }

    /** Calls the engine and validates the answer against the spec's schema for that operation and status. */
    private static JsonNode call(String method, String template, String path, String body, int status) throws IOException {
        EngineReply reply = engine.client().raw(method, path, body);
        assertThat(reply.status()).as("%s %s: %s", method, path, reply.body()).isEqualTo(status);
        JsonNode responses = spec.get("paths").get(template).get(method.toLowerCase()).get("responses");
        JsonNode content = responses.get(Integer.toString(status)).get("content");
        String mediaType = content.fieldNames().next();
        String pointer = "#/paths/" + escape(template) + "/" + method.toLowerCase() + "/responses/" + status
                + "/content/" + escape(mediaType) + "/schema";
        Schema schema = schemas.getSchema(SchemaLocation.of(SPEC_URI + pointer));
        List<String> errors = new ArrayList<>();
        schema.validate(reply.body(), InputFormat.JSON).forEach(e -> errors.add(e.toString()));
        assertThat(errors).as("%s %s answered %s", method, path, reply.body()).isEmpty();
        checked.add(method + " " + template);
        return Json.mapper().readTree(reply.body());
    }

    /** Where the spec promises JSON but the reference answers with nothing (and no Content-Type), as the engine does. */
    private static void emptyAnswer(String method, String template, String path, String body) {
        EngineReply reply = engine.client().raw(method, path, body);
        assertThat(reply.status()).as("%s %s: %s", method, path, reply.body()).isEqualTo(200);
        assertThat(reply.body()).isEmpty();
        assertThat(reply.contentType()).isEmpty();
        checked.add(method + " " + template);
    }

    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    /** The spec's operations, read with swagger-parser: "METHOD /path". */
    private static Set<String> specOperations() throws IOException {
        String text;
        try (InputStream in = ReferenceSpecContractTest.class.getClassLoader().getResourceAsStream(SPEC)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        OpenAPI api = new OpenAPIV3Parser().readContents(text, null, null).getOpenAPI();
        Set<String> operations = new TreeSet<>();
        api.getPaths().forEach((path, item) -> item.readOperationsMap()
                .forEach((method, operation) -> operations.add(method.name() + " " + path)));
        return operations;
    }
}
