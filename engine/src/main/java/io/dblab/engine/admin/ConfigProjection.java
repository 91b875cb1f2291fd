package io.dblab.engine.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.dblab.engine.config.ConfigOverlay;
import io.dblab.engine.config.EngineConfig;
import io.dblab.engine.config.SourceConnection;
import io.dblab.engine.error.BadRequestException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The reference's "projected" configuration, the part of it that {@code GET} and {@code POST
 * /admin/config} read and change, in the reference's JSON shape (its UI and scripts send that shape),
 * mapped onto this engine's keys:
 *
 * <table>
 * <tr><td>global.debug</td><td>global.debug</td></tr>
 * <tr><td>databaseConfigs.configs</td><td>provision.cloneSettings (replaced as a whole)</td></tr>
 * <tr><td>retrieval.refresh.timetable</td><td>retrieval.refresh.timetable</td></tr>
 * <tr><td>…logicalDump.options.source.connection.{host,port,dbname,username}</td><td>retrieval.source.connStr</td></tr>
 * <tr><td>…logicalDump.options.source.connection.password</td><td>retrieval.source.password (never returned)</td></tr>
 * <tr><td>…logicalDump.options.databases</td><td>retrieval.databases (the keys)</td></tr>
 * <tr><td>…logicalDump/logicalRestore.options.parallelJobs</td><td>retrieval.parallelJobs (one value for both)</td></tr>
 * <tr><td>…logicalRestore.options.customOptions</td><td>retrieval.logical.restoreOptions</td></tr>
 * </table>
 *
 * The rest has no counterpart: {@code logicalDump.options.customOptions} only empty (the engine
 * chooses pg_dump's options itself, tables through {@code retrieval.logical.includeTables}),
 * {@code ignoreErrors} only false (a refresh stops at its first error), and
 * {@code databaseContainer.dockerImage} is taken but not applied (clones run the binaries of
 * {@code provision.postgresBinDir}, not images), which the answer says.
 */
public final class ConfigProjection {
    private static final String DUMP = "retrieval.spec.logicalDump.options";
    private static final String RESTORE = "retrieval.spec.logicalRestore.options";
    private static final String CONNECTION = DUMP + ".source.connection";
    static final String DOCKER_IMAGE = "databaseContainer.dockerImage";
    static final String DOCKER_IMAGE_NOTE = "not applied: this engine runs clones with the PostgreSQL binaries of"
            + " provision.postgresBinDir, not with container images";

    /** What a {@code POST} asked for: the keys to set, and the keys taken but not applied, with why. */
    public record Update(ConfigOverlay overlay, Map<String, String> notApplied) {}

    private final List<String> problems = new ArrayList<>();

    private ConfigProjection() {}

    /** The projection of {@code config}, as {@code GET /admin/config} answers; the password is never in it. */
    public static Map<String, Object> of(EngineConfig config) {
        EngineConfig.Retrieval retrieval = config.retrieval();
        SourceConnection source = SourceConnection.of(retrieval.source().connStr() == null ? ""
                : retrieval.source().connStr());
        Map<String, Object> connection = new LinkedHashMap<>();
        connection.put("dbname", source.dbname());
        connection.put("host", source.host());
        if (source.port() != null) {
            connection.put("port", source.port());
        }
        connection.put("username", source.username());
        Map<String, Object> databases = new LinkedHashMap<>();
        retrieval.databases().forEach(name -> databases.put(name, Map.of()));
        Map<String, Object> dump = new LinkedHashMap<>();
        dump.put("source", Map.of("connection", connection));
        dump.put("databases", databases);
        dump.put("parallelJobs", retrieval.parallelJobs());
        dump.put("customOptions", List.of());
        dump.put("ignoreErrors", false);
        Map<String, Object> restore = new LinkedHashMap<>();
        restore.put("parallelJobs", retrieval.parallelJobs());
        restore.put("customOptions", retrieval.logical().restoreOptions());
        restore.put("ignoreErrors", false);
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("logicalDump", Map.of("options", dump));
        spec.put("logicalRestore", Map.of("options", restore));
        Map<String, Object> retrievalView = new LinkedHashMap<>();
        retrievalView.put("refresh", Map.of("timetable", retrieval.refresh().timetable()));
        retrievalView.put("spec", spec);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("global", Map.of("debug", config.global().debug()));
        result.put("databaseConfigs", Map.of("configs", new TreeMap<>(config.provision().cloneSettings())));
        result.put("retrieval", retrievalView);
        return result;
    }

    /**
     * The keys a {@code POST} body sets, over {@code current}. Every problem of the body (an unknown
     * key, a wrong type, a value without a counterpart here) is collected, and any makes it a 400
     * that names them all. A null value means "not given".
     */
    public static Update parse(JsonNode body, EngineConfig current) {
        return new ConfigProjection().read(body, current);
    }

    private Update read(JsonNode body, EngineConfig current) {
        if (!body.isObject()) {
            throw new BadRequestException("invalid JSON: the body must be an object (the configuration's projection)");
        }
        Map<String, String> notApplied = new LinkedHashMap<>();
        knownKeys(body, "", Set.of("global", "databaseConfigs", "databaseContainer", "retrieval"));
        JsonNode global = object(body, "", "global", Set.of("debug"));
        Boolean debug = bool(global, "global", "debug");
        JsonNode databaseConfigs = object(body, "", "databaseConfigs", Set.of("configs"));
        Map<String, String> cloneSettings = settings(databaseConfigs);
        JsonNode container = object(body, "", "databaseContainer", Set.of("dockerImage"));
        if (text(container, "databaseContainer", "dockerImage") != null) {
            notApplied.put(DOCKER_IMAGE, DOCKER_IMAGE_NOTE);
        }
        JsonNode retrieval = object(body, "", "retrieval", Set.of("refresh", "spec"));
        String timetable = text(object(retrieval, "retrieval", "refresh", Set.of("timetable")), "retrieval.refresh",
                "timetable");
        JsonNode spec = object(retrieval, "retrieval", "spec", Set.of("logicalDump", "logicalRestore"));
        JsonNode dump = object(object(spec, "retrieval.spec", "logicalDump", Set.of("options")),
                "retrieval.spec.logicalDump", "options",
                Set.of("source", "databases", "parallelJobs", "customOptions", "ignoreErrors"));
        JsonNode restore = object(object(spec, "retrieval.spec", "logicalRestore", Set.of("options")),
                "retrieval.spec.logicalRestore", "options", Set.of("parallelJobs", "customOptions", "ignoreErrors"));
        JsonNode connection = object(object(dump, DUMP, "source", Set.of("connection")), DUMP + ".source", "connection",
                Set.of("dbname", "host", "password", "port", "username"));
        String connStr = connStr(connection, current.retrieval().source().connStr());
        String password = text(connection, CONNECTION, "password");
        List<String> databases = databases(dump);
        Integer parallelJobs = parallelJobs(dump, restore);
        List<String> dumpOptions = strings(dump, DUMP, "customOptions");
        if (dumpOptions != null && !dumpOptions.isEmpty()) {
            problems.add(DUMP + ".customOptions: pg_dump's options are the engine's to choose (it dumps definitions"
                    + " and copies rows in steps of its own); only [] is taken. Choose tables with"
                    + " retrieval.logical.includeTables and excludeTables in server.yml");
        }
        List<String> restoreOptions = strings(restore, RESTORE, "customOptions");
        noIgnoredErrors(dump, DUMP);
        noIgnoredErrors(restore, RESTORE);
        if (!problems.isEmpty()) {
            throw new BadRequestException(String.join("; ", problems));
        }
        // the reference does not store an empty password either: it would only hide the configured one
        String newPassword = password == null || password.isEmpty() ? null : password;
        return new Update(new ConfigOverlay(debug, cloneSettings, timetable, connStr, newPassword, databases,
                parallelJobs, restoreOptions), notApplied);
    }

    /** The child object {@code key} of {@code parent}, with only {@code known} keys; a missing node when absent or null. */
    private JsonNode object(JsonNode parent, String parentPath, String key, Set<String> known) {
        JsonNode node = parent.path(key);
        String path = join(parentPath, key);
        if (node.isMissingNode() || node.isNull()) {
            return MissingNode.getInstance();
        }
        if (!node.isObject()) {
            problems.add(path + ": must be an object");
            return MissingNode.getInstance();
        }
        knownKeys(node, path, known);
        return node;
    }

    private void knownKeys(JsonNode node, String path, Set<String> known) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                problems.add("unknown key '" + join(path, name) + "': " + (path.isEmpty() ? "the body" : path)
                        + " takes " + new TreeSet<>(known));
            }
        }
    }

    private Boolean bool(JsonNode parent, String parentPath, String key) {
        return scalar(parent, parentPath, key, JsonNode::isBoolean, "a boolean (true or false)", JsonNode::booleanValue);
    }

    private String text(JsonNode parent, String parentPath, String key) {
        return scalar(parent, parentPath, key, JsonNode::isTextual, "a string", JsonNode::textValue);
    }

    /** The value of {@code key}, null when absent or null; a problem (the value never told: it may be a password) when of another type. */
    private <T> T scalar(JsonNode parent, String parentPath, String key, Predicate<JsonNode> isType, String type,
                         Function<JsonNode, T> value) {
        JsonNode node = parent.path(key);
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (!isType.test(node)) {
            problems.add(join(parentPath, key) + ": must be " + type);
            return null;
        }
        return value.apply(node);
    }

    private List<String> strings(JsonNode parent, String parentPath, String key) {
        JsonNode node = parent.path(key);
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        List<String> values = new ArrayList<>();
        if (!node.isArray()) {
            problems.add(join(parentPath, key) + ": must be an array of strings");
            return null;
        }
        for (int i = 0; i < node.size(); i++) {
            if (!node.get(i).isTextual()) {
                problems.add(join(parentPath, key) + "[" + i + "]: must be a string");
            } else {
                values.add(node.get(i).textValue());
            }
        }
        return values;
    }

    /** PostgreSQL settings: strings, or numbers and booleans as their text (YAML writes {@code max_connections: 50}). */
    private Map<String, String> settings(JsonNode databaseConfigs) {
        JsonNode configs = databaseConfigs.path("configs");
        String path = "databaseConfigs.configs";
        if (configs.isMissingNode() || configs.isNull()) {
            return null;
        }
        if (!configs.isObject()) {
            problems.add(path + ": must be an object of PostgreSQL settings");
            return null;
        }
        Map<String, String> settings = new LinkedHashMap<>();
        configs.fields().forEachRemaining(field -> {
            JsonNode value = field.getValue();
            if (value.isTextual() || value.isIntegralNumber() || value.isFloatingPointNumber() || value.isBoolean()) {
                settings.put(field.getKey(), value.asText());
            } else {
                problems.add(join(path, field.getKey()) + ": must be a string or a number");
            }
        });
        return settings;
    }

    /** The connection's parts over the current connection string, its other parameters kept; null when none is given. */
    private String connStr(JsonNode connection, String current) {
        String host = text(connection, CONNECTION, "host");
        String dbname = text(connection, CONNECTION, "dbname");
        String username = text(connection, CONNECTION, "username");
        Integer port = port(connection.path("port"), CONNECTION + ".port");
        if (host == null && dbname == null && username == null && port == null) {
            return null;
        }
        return new SourceConnection(host, port, dbname, username).over(current);
    }

    /** An integer, or a string of digits (the reference's Connection has it as a string), from 1 to 65535. */
    private Integer port(JsonNode node, String path) {
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        String text = node.isIntegralNumber() || node.isTextual() ? node.asText().strip() : "";
        if (!text.matches("\\d{1,5}") || Integer.parseInt(text) < 1 || Integer.parseInt(text) > 65535) {
            problems.add(path + ": must be a port number from 1 to 65535, got " + node);
            return null;
        }
        return Integer.valueOf(text);
    }

    /** The keys of {@code databases}; their values, per-database options in the reference, must be empty here. */
    private List<String> databases(JsonNode dump) {
        JsonNode node = dump.path("databases");
        String path = DUMP + ".databases";
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            problems.add(path + ": must be an object whose keys are the databases to copy");
            return null;
        }
        List<String> names = new ArrayList<>();
        node.fields().forEachRemaining(field -> {
            JsonNode options = field.getValue();
            if (!(options.isNull() || options.isObject() && options.isEmpty())) {
                problems.add(join(path, field.getKey()) + ": per-database options are not taken here ({} or null);"
                        + " choose tables with retrieval.logical.includeTables and excludeTables in server.yml");
            }
            if (field.getKey().isBlank()) {
                problems.add(path + ": a database name must not be empty");
            }
            names.add(field.getKey());
        });
        return names;
    }

    /** One value for dump and restore: the engine's retrieval.parallelJobs runs both. */
    private Integer parallelJobs(JsonNode dump, JsonNode restore) {
        Integer dumpJobs = positive(dump.path("parallelJobs"), DUMP + ".parallelJobs");
        Integer restoreJobs = positive(restore.path("parallelJobs"), RESTORE + ".parallelJobs");
        if (dumpJobs != null && restoreJobs != null && !dumpJobs.equals(restoreJobs)) {
            problems.add(DUMP + ".parallelJobs (" + dumpJobs + ") and " + RESTORE + ".parallelJobs (" + restoreJobs
                    + ") differ: this engine copies and restores with one number of jobs, retrieval.parallelJobs;"
                    + " send the same value, or one of them");
            return null;
        }
        return dumpJobs != null ? dumpJobs : restoreJobs;
    }

    private Integer positive(JsonNode node, String path) {
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (!node.canConvertToInt() || !node.isIntegralNumber() || node.intValue() < 1) {
            problems.add(path + ": must be an integer of at least 1, got " + node);
            return null;
        }
        return node.intValue();
    }

    private void noIgnoredErrors(JsonNode options, String path) {
        Boolean ignore = bool(options, path, "ignoreErrors");
        if (Boolean.TRUE.equals(ignore)) {
            problems.add(path + ".ignoreErrors: only false is taken: a refresh stops at its first error, so that no"
                    + " snapshot holds a partial copy");
        }
    }

    private static String join(String parent, String key) {
        return parent.isEmpty() ? key : parent + "." + key;
    }
}
