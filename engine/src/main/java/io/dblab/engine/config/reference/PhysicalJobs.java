package io.dblab.engine.config.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.dblab.engine.config.SourceConnection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The reference's {@code physicalRestore} and {@code physicalSnapshot} jobs. The restore tool
 * becomes {@code retrieval.physical.restoreCommand}, run with the tool's {@code envs}; the
 * reference's sync instance is the pool's standby here, which follows the source by streaming
 * when there is a source connection; the promotion is what every physical snapshot does here.
 */
final class PhysicalJobs {
    private static final String STANDBY = "the pool's copy runs as a standby with the engine's own settings, and"
            + " follows the source by streaming from retrieval.source.connStr";

    /**
     * libpq's environment variables that stand for a connection parameter, beside host, port,
     * dbname, user and password (which make the source's connection and password): in {@code envs},
     * each is a parameter of the source's connection too, so that the standby connects as the
     * command does (a verified TLS connection stays verified). A parameter that the installed libpq
     * does not know fails the connection rather than being dropped. Not PGPASSFILE: the engine gives
     * its connections the password in files of its own, which a passfile parameter would override.
     */
    private static final Map<String, String> LIBPQ_PARAMETERS = Map.ofEntries(
            Map.entry("PGHOSTADDR", "hostaddr"), Map.entry("PGCHANNELBINDING", "channel_binding"),
            Map.entry("PGSERVICE", "service"),
            Map.entry("PGOPTIONS", "options"), Map.entry("PGAPPNAME", "application_name"),
            Map.entry("PGSSLMODE", "sslmode"), Map.entry("PGREQUIRESSL", "requiressl"),
            Map.entry("PGSSLNEGOTIATION", "sslnegotiation"), Map.entry("PGSSLCOMPRESSION", "sslcompression"),
            Map.entry("PGSSLCERT", "sslcert"), Map.entry("PGSSLKEY", "sslkey"), Map.entry("PGSSLCERTMODE", "sslcertmode"),
            Map.entry("PGSSLROOTCERT", "sslrootcert"), Map.entry("PGSSLCRL", "sslcrl"), Map.entry("PGSSLCRLDIR", "sslcrldir"),
            Map.entry("PGSSLSNI", "sslsni"), Map.entry("PGREQUIREPEER", "requirepeer"),
            Map.entry("PGREQUIREAUTH", "require_auth"),
            Map.entry("PGSSLMINPROTOCOLVERSION", "ssl_min_protocol_version"),
            Map.entry("PGSSLMAXPROTOCOLVERSION", "ssl_max_protocol_version"), Map.entry("PGGSSENCMODE", "gssencmode"),
            Map.entry("PGKRBSRVNAME", "krbsrvname"), Map.entry("PGGSSLIB", "gsslib"),
            Map.entry("PGGSSDELEGATION", "gssdelegation"), Map.entry("PGCONNECT_TIMEOUT", "connect_timeout"),
            Map.entry("PGCLIENTENCODING", "client_encoding"), Map.entry("PGTARGETSESSIONATTRS", "target_session_attrs"),
            Map.entry("PGLOADBALANCEHOSTS", "load_balance_hosts"));

    private final Rewrite rw;
    private final SnapshotJob snapshot;
    private String tool = "";
    private final String[] toolCommand = new String[1];
    private boolean sync;
    private JsonNode envs;
    private String envsPath;
    private String syncPath;

    PhysicalJobs(Rewrite rw) {
        this.rw = rw;
        this.snapshot = new SnapshotJob(rw);
    }

    void restore(JsonNode options, String path) {
        rw.each(options, path, Map.of(
                "tool", (value, key) -> tool = rw.text(value, key),
                "dockerImage", docker(), "containerConfig", docker(),
                "envs", (value, key) -> {
                    envs = value;
                    envsPath = key;
                },
                "walg", (value, key) -> rw.each(value, key, Map.of(
                        "backupName", (name, namePath) -> toolCommand[0] = "wal-g backup-fetch \"$PGDATA\" "
                                + shellQuoted(orDefault(rw.text(name, namePath), "LATEST")))),
                "pgbackrest", this::pgbackrest,
                "customTool", (value, key) -> rw.each(value, key, Map.of(
                        "command", (command, commandPath) -> toolCommand[0] = rw.text(command, commandPath),
                        "restore_command", (command, commandPath) -> rw.ignoreUnlessEmpty(command, commandPath, STANDBY))),
                "sync", this::sync));
        String command = switch (tool) {
            case "walg" -> toolCommand[0] == null ? "wal-g backup-fetch \"$PGDATA\" 'LATEST'" : toolCommand[0];
            case "pgbackrest", "customTool" -> toolCommand[0];
            default -> throw rw.refuse(Rewrite.child(path, "tool"), "the tools are walg, pgbackrest and customTool");
        };
        if (command == null || command.isEmpty()) {
            throw rw.refuse(path, "tool " + tool + " needs " + (tool.equals("pgbackrest") ? "pgbackrest.stanza"
                    : "customTool.command"));
        }
        rw.set(Rewrite.child(path, tool), TextNode.valueOf(command), "retrieval", "physical", "restoreCommand");
        if (!Rewrite.isEmpty(envs)) {
            if (!envs.isObject()) {
                throw rw.wrongType(envsPath, "a mapping of names to values");
            }
            envs.properties().forEach(env -> rw.set(Rewrite.child(envsPath, env.getKey()), env.getValue(),
                    "retrieval", "physical", "restoreEnv", env.getKey()));
        }
    }

    private void pgbackrest(JsonNode options, String path) {
        String[] stanza = {""};
        boolean[] delta = {false};
        Rewrite.Field deltaFlag = (value, key) -> delta[0] |= rw.flag(value, key);
        rw.each(options, path, Map.of(
                "stanza", (value, key) -> stanza[0] = rw.text(value, key),
                "delta", deltaFlag, "forceInit", deltaFlag));
        if (!stanza[0].isEmpty()) {
            toolCommand[0] = "pgbackrest --type=standby --pg1-path=\"$PGDATA\" --stanza=" + shellQuoted(stanza[0])
                    + " restore" + (delta[0] ? " --delta" : "");
        }
    }

    private void sync(JsonNode options, String path) {
        syncPath = path;
        rw.each(options, path, Map.of(
                "enabled", (value, key) -> sync = rw.flag(value, key),
                "healthCheck", docker(),
                "configs", (value, key) -> rw.ignoreUnlessEmpty(value, key, STANDBY),
                "recovery", (value, key) -> rw.ignoreUnlessEmpty(value, key, STANDBY)));
    }

    void snapshot(JsonNode options, String path) {
        rw.each(options, path, Map.of(
                "skipStartSnapshot", (value, key) -> {
                    if (rw.flag(value, key)) {
                        rw.ignore(key, "the engine takes a snapshot when a retrieval ends");
                    }
                },
                "promotion", this::promotion,
                "preprocessingScript", snapshot.script(),
                "databaseRename", snapshot.rename(),
                "configs", snapshot.configs(),
                "sysctls", docker(),
                "envs", (value, key) -> rw.ignoreUnlessEmpty(value, key, "the environment of the reference's"
                        + " promotion container; the promoted copy runs with the engine's own"),
                "scheduler", snapshot.schedule()));
    }

    /** Every physical snapshot here is taken from a promoted copy; its shared_buffers is ours too. */
    private void promotion(JsonNode options, String path) {
        rw.each(options, path, Map.of(
                "enabled", (value, key) -> {
                    if (!rw.flag(value, key)) {
                        rw.ignore(key, "snapshots here are always taken from a promoted copy, so that clones start"
                                + " without recovery");
                    }
                },
                "dockerImage", docker(), "containerConfig", docker(), "healthCheck", docker(),
                "queryPreprocessing", snapshot.queries(),
                "configs", (value, key) -> rw.entries(value, key, (setting, settingPath) -> {
                    if (settingPath.endsWith(".shared_buffers")) {
                        rw.set(settingPath, TextNode.valueOf(rw.text(setting, settingPath)),
                                "retrieval", "physical", "promotionSharedBuffers");
                    } else {
                        rw.ignore(settingPath, "the promoted copy runs with the engine's settings but for"
                                + " shared_buffers (retrieval.physical.promotionSharedBuffers)");
                    }
                }),
                "recovery", (value, key) -> rw.ignoreUnlessEmpty(value, key, "the promoted copy recovers to the"
                        + " end of its WAL and is promoted")));
    }

    /**
     * The sync instance: with a source to stream from, the standby follows it; the reference's
     * custom tool takes its source from libpq's variables in {@code envs} (pg_basebackup's example).
     */
    void finish() {
        if (!sync) {
            if (syncPath != null && rw.get("retrieval", "source", "connStr") != null) {
                rw.ignore(syncPath + ".enabled", "the standby follows retrieval.source.connStr whenever it is set");
            }
            return;
        }
        if (tool.equals("customTool") && envs != null && envs.hasNonNull("PGHOST") && rw.get("retrieval", "source", "connStr") == null) {
            sourceFromEnvs();
        }
        if (rw.get("retrieval", "source", "connStr") == null) {
            rw.ignore(syncPath + ".enabled", "the standby follows the source only by streaming from"
                    + " retrieval.source.connStr; without it snapshots hold the restored backup until the next full refresh");
        }
    }

    private void sourceFromEnvs() {
        String port = rw.text(envs.get("PGPORT"), envsPath + ".PGPORT");
        if (!port.isEmpty() && !port.matches("\\d{1,5}")) {
            throw rw.wrongType(envsPath + ".PGPORT", "a port number");
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        envs.properties().forEach(env -> {
            String keyword = LIBPQ_PARAMETERS.get(env.getKey());
            if (keyword != null) {
                parameters.put(keyword, rw.text(env.getValue(), Rewrite.child(envsPath, env.getKey())));
            }
        });
        String connStr = new SourceConnection(rw.text(envs.get("PGHOST"), envsPath + ".PGHOST"),
                port.isEmpty() ? null : Integer.valueOf(port), rw.text(envs.get("PGDATABASE"), envsPath + ".PGDATABASE"),
                rw.text(envs.get("PGUSER"), envsPath + ".PGUSER")).connStr(parameters);
        rw.set(envsPath + ".PGHOST", TextNode.valueOf(connStr), "retrieval", "source", "connStr");
        if (envs.hasNonNull("PGPASSWORD")) {
            rw.set(envsPath + ".PGPASSWORD", envs.get("PGPASSWORD"), "retrieval", "source", "password");
        }
    }

    private Rewrite.Field docker() {
        return (value, path) -> rw.ignoreUnlessEmpty(value, path, TopLevelSections.DOCKER);
    }

    private static String orDefault(String value, String fallback) {
        return value.isEmpty() ? fallback : value;
    }

    /** One shell word, whatever the text holds. */
    private static String shellQuoted(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
