package io.dblab.engine.config.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import io.dblab.engine.config.SourceConnection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The reference's {@code logicalDump}, {@code logicalRestore} and {@code logicalSnapshot} jobs: the
 * source, the databases and tables, the parallelism and the restore options. This engine reads the
 * source and restores in one go, so the dump's files (their place, format and container) mean
 * nothing here.
 */
final class LogicalJobs {
    private static final String DUMP_FILES = "the reference's dump files; this engine restores as it reads the source";
    private static final String RESTORE_SETTINGS = "settings of the reference's restore container; this engine restores"
            + " with settings of its own";
    /** pg_dump options whose effect on a whole dump is that of the same pg_restore option, which is what runs here. */
    private static final List<String> RESTORE_EQUIVALENT = List.of("--no-publications", "--no-subscriptions", "--no-owner",
            "-O", "--no-privileges", "--no-acl", "-x", "--no-comments", "--no-security-labels", "--no-tablespaces");
    private static final List<String> RESTORE_EQUIVALENT_WITH_VALUE = List.of("--schema=", "--exclude-schema=");

    private final Rewrite rw;
    private final SnapshotJob snapshot;
    /** Database -> its tables to include and to exclude, from the dump and from the restore. */
    private final Map<String, Tables> dumped = new LinkedHashMap<>();
    private final Map<String, Tables> restored = new LinkedHashMap<>();
    private final List<String> restoreOptions = new ArrayList<>();
    private int parallelJobs;

    private record Tables(List<String> include, List<String> exclude) {}

    LogicalJobs(Rewrite rw) {
        this.rw = rw;
        this.snapshot = new SnapshotJob(rw);
    }

    void dump(JsonNode options, String path) {
        rw.each(options, path, Map.of(
                "dumpLocation", (value, key) -> rw.ignore(key, DUMP_FILES),
                "dockerImage", docker(), "containerConfig", docker(),
                "connection", (value, key) -> rw.ignoreUnlessEmpty(value, key, "unused by the reference too:"
                        + " the source is source.connection"),
                "source", this::source,
                "databases", (value, key) -> databases(value, key, dumped),
                "parallelJobs", this::parallelJobs,
                "immediateRestore", this::immediateRestore,
                "customOptions", this::dumpOptions));
    }

    void restore(JsonNode options, String path) {
        rw.each(options, path, Map.of(
                "dumpLocation", (value, key) -> rw.ignore(key, DUMP_FILES),
                "dockerImage", docker(), "containerConfig", docker(),
                "databases", (value, key) -> databases(value, key, restored),
                "ignoreErrors", (value, key) -> {
                    if (rw.flag(value, key)) {
                        rw.ignore(key, "an error of pg_restore fails the refresh here");
                    }
                },
                "parallelJobs", this::parallelJobs,
                "configs", (value, key) -> rw.ignoreUnlessEmpty(value, key, RESTORE_SETTINGS),
                "queryPreprocessing", snapshot.queries(),
                "customOptions", (value, key) -> restoreOptions.addAll(rw.texts(value, key)),
                "skipPolicies", (value, key) -> {
                    if (rw.flag(value, key)) {
                        rw.ignore(key, "row-level security policies are restored as on the source; clone users are"
                                + " superusers or own the tables, which policies do not restrict unless a table forces"
                                + " row-level security");
                    }
                }));
    }

    void snapshot(JsonNode options, String path) {
        rw.each(options, path, Map.of(
                "preprocessingScript", snapshot.script(),
                "databaseRename", snapshot.rename(),
                "dataPatching", (value, key) -> rw.each(value, key, Map.of(
                        "dockerImage", docker(), "containerConfig", docker(),
                        "queryPreprocessing", snapshot.queries())),
                "configs", snapshot.configs(),
                "schedule", snapshot.schedule(),
                "scheduler", snapshot.schedule()));
    }

    /** Writes what the jobs say together: the databases, their tables, the parallelism, the restore options. */
    void finish(String from) {
        Map<String, Tables> databases = databases(from);
        if (!databases.isEmpty()) {
            ArrayNode names = JsonNodeFactory.instance.arrayNode();
            databases.keySet().forEach(names::add);
            rw.set(from + ".databases", names, "retrieval", "databases");
        }
        tableList(databases, Tables::include, from, "includeTables");
        tableList(databases, Tables::exclude, from, "excludeTables");
        if (parallelJobs > 0) {
            rw.set(from + ".parallelJobs", IntNode.valueOf(parallelJobs), "retrieval", "parallelJobs");
        }
        if (!restoreOptions.isEmpty()) {
            ArrayNode options = JsonNodeFactory.instance.arrayNode();
            restoreOptions.stream().distinct().forEach(options::add);
            rw.set(from + ".customOptions", options, "retrieval", "logical", "restoreOptions");
        }
    }

    /** The dump's databases, or the restore's when the dump names none; different lists in both are an error. */
    private Map<String, Tables> databases(String from) {
        if (dumped.isEmpty()) {
            return restored;
        }
        if (!restored.isEmpty() && !restored.equals(dumped)) {
            throw rw.refuse(from + ".logicalRestore.options.databases", "it differs from logicalDump's databases: this"
                    + " engine restores what it reads, so name the databases and tables in logicalDump only");
        }
        return dumped;
    }

    private void tableList(Map<String, Tables> databases, java.util.function.Function<Tables, List<String>> part,
                           String from, String key) {
        ArrayNode tables = JsonNodeFactory.instance.arrayNode();
        databases.forEach((database, spec) -> part.apply(spec).forEach(table -> tables.add(qualified(database, table))));
        if (!tables.isEmpty()) {
            rw.set(from + ".databases", tables, "retrieval", "logical", key);
        }
    }

    /**
     * pg_dump's {@code --table} names a table as {@code schema.table} ({@code database.schema.table}
     * in newer versions) or, without a schema, as the table of that name the source's search path
     * finds: {@code public} with the default search path.
     */
    private static String qualified(String database, String table) {
        return switch ((int) table.chars().filter(c -> c == '.').count()) {
            case 0 -> database + ".public." + table;
            case 1 -> database + "." + table;
            default -> table;
        };
    }

    private void source(JsonNode source, String path) {
        rw.each(source, path, Map.of(
                "type", (value, key) -> {
                    switch (rw.text(value, key)) {
                        case "", "local", "remote" -> { }
                        case "rdsIam" -> throw rw.refuse(key, "IAM authentication to RDS is not implemented here: give the"
                                + " source a password (source.connection.password, or PGPASSWORD in the environment)");
                        default -> throw rw.refuse(key, "the source types are local, remote and rdsIam");
                    }
                },
                "connection", this::connection,
                "connectionString", (value, key) -> {
                    if (!Rewrite.isEmpty(value)) {
                        rw.set(key, value, "retrieval", "source", "connStr");
                    }
                },
                "rdsIam", (value, key) -> {
                    if (!rw.text(source.get("type"), Rewrite.child(path, "type")).equals("rdsIam")) {
                        rw.ignoreUnlessEmpty(value, key, "used with source.type rdsIam only");
                    }
                }));
    }

    /**
     * The reference's connection object as our connection string. As there, the user is postgres
     * unless named, and PGPASSWORD in the engine's environment wins over {@code password}.
     */
    private void connection(JsonNode connection, String path) {
        if (Rewrite.isEmpty(connection)) {
            return;
        }
        String[] parts = new String[4];
        Rewrite.Field password = (value, key) -> {
            String fromEnvironment = rw.env().getOrDefault("PGPASSWORD", "");
            if (!fromEnvironment.isEmpty()) {
                rw.set(key + " (PGPASSWORD in the environment)", TextNode.valueOf("PGPASSWORD"), "retrieval", "source", "passwordEnv");
            } else if (!Rewrite.isEmpty(value)) {
                rw.set(key, value, "retrieval", "source", "password");
            }
        };
        rw.each(connection, path, Map.of(
                "host", (value, key) -> parts[0] = rw.text(value, key),
                "port", (value, key) -> parts[1] = rw.text(value, key),
                "dbname", (value, key) -> parts[2] = rw.text(value, key),
                "username", (value, key) -> parts[3] = rw.text(value, key),
                "password", password));
        if (!connection.has("password")) {
            password.read(null, Rewrite.child(path, "password"));
        }
        Integer port = parts[1] == null || parts[1].isEmpty() ? null : port(parts[1], Rewrite.child(path, "port"));
        String user = parts[3] == null || parts[3].isEmpty() ? "postgres" : parts[3];
        rw.set(path, TextNode.valueOf(new SourceConnection(parts[0], port, parts[2], user).connStr()),
                "retrieval", "source", "connStr");
    }

    private int port(String text, String path) {
        if (!text.matches("\\d{1,5}")) {
            throw rw.wrongType(path, "a port number");
        }
        return Integer.parseInt(text);
    }

    private void databases(JsonNode databases, String path, Map<String, Tables> into) {
        if (Rewrite.isEmpty(databases)) {
            return;
        }
        if (!databases.isObject()) {
            throw rw.wrongType(path, "a mapping of database names");
        }
        for (Map.Entry<String, JsonNode> database : databases.properties()) {
            String databasePath = Rewrite.child(path, database.getKey());
            List<String> include = new ArrayList<>();
            List<String> exclude = new ArrayList<>();
            rw.each(database.getValue(), databasePath, Map.of(
                    "tables", (value, key) -> include.addAll(rw.texts(value, key)),
                    "excludeTables", (value, key) -> exclude.addAll(rw.texts(value, key)),
                    "format", (value, key) -> rw.ignore(key, DUMP_FILES),
                    "compression", (value, key) -> rw.ignore(key, DUMP_FILES)));
            into.put(database.getKey(), new Tables(include, exclude));
        }
    }

    private void parallelJobs(JsonNode value, String path) {
        parallelJobs = Math.max(parallelJobs, rw.integer(value, path));
    }

    /** Restoring while dumping is what this engine always does; its pg_restore options are restore options. */
    private void immediateRestore(JsonNode immediate, String path) {
        if (Rewrite.isEmpty(immediate) || !rw.flag(immediate.get("enabled"), Rewrite.child(path, "enabled"))) {
            rw.each(immediate, path, Rewrite.fields(Set.of("enabled", "forceInit", "configs", "customOptions"),
                    (value, key) -> { }));
            return;
        }
        rw.each(immediate, path, Map.of(
                "enabled", (value, key) -> { },
                "forceInit", (value, key) -> { },
                "configs", (value, key) -> rw.ignoreUnlessEmpty(value, key, RESTORE_SETTINGS),
                "customOptions", (value, key) -> restoreOptions.addAll(rw.texts(value, key))));
    }

    /** pg_dump options: those that act as the same pg_restore option does become restore options. */
    private void dumpOptions(JsonNode options, String path) {
        List<String> texts = rw.texts(options, path);
        for (int i = 0; i < texts.size(); i++) {
            String option = texts.get(i);
            if (RESTORE_EQUIVALENT.contains(option) || RESTORE_EQUIVALENT_WITH_VALUE.stream().anyMatch(option::startsWith)) {
                restoreOptions.add(option);
            } else {
                throw rw.refuse(path + "[" + i + "]", "pg_dump option '" + option + "' cannot be passed on here: use"
                        + " databases' tables and excludeTables, or pg_restore options (logicalRestore customOptions);"
                        + " these pg_dump options are taken as their pg_restore equivalents: " + RESTORE_EQUIVALENT
                        + ", --schema=NAME, --exclude-schema=NAME");
            }
        }
    }

    private Rewrite.Field docker() {
        return (value, path) -> rw.ignoreUnlessEmpty(value, path, TopLevelSections.DOCKER);
    }
}
