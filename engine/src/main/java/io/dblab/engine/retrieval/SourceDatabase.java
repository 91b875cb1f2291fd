package io.dblab.engine.retrieval;

import io.dblab.pg.process.Command;
import io.dblab.pg.process.PasswordFiles;
import io.dblab.pg.server.PgInstallation;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The production database retrieval reads from: a libpq connection string plus a password that
 * comes from an environment variable and is handed to libpq tools only in a private password file
 * that exists while the tool runs.
 */
public final class SourceDatabase {
    private final PgInstallation pg;
    private final String connStr;
    private final String password;
    private final PasswordFiles passwordFiles;

    public SourceDatabase(PgInstallation pg, String connStr, String password, PasswordFiles passwordFiles) {
        this.pg = pg;
        this.connStr = connStr;
        this.password = password;
        this.passwordFiles = passwordFiles;
    }

    /** The connection string with {@code dbname} set to this database. */
    public String connStrFor(String database) {
        return with("dbname", database);
    }

    /** The connection string with one more parameter, which wins over an earlier one of that name. */
    public String with(String key, String value) {
        return with(Map.of(key, value));
    }

    /** The connection string with more parameters, which win over earlier ones of their names. */
    public String with(Map<String, String> parameters) {
        StringBuilder result = new StringBuilder(connStr);
        parameters.forEach((key, value) -> {
            if (isUri()) {
                String encoded = URLEncoder.encode(value, StandardCharsets.UTF_8);
                result.append(result.indexOf("?") >= 0 ? "&" : "?").append(key).append('=').append(encoded);
            } else {
                result.append(' ').append(key).append("='")
                        .append(value.replace("\\", "\\\\").replace("'", "\\'")).append('\'');
            }
        });
        return result.toString();
    }

    public boolean hasConnStr() {
        return connStr != null && !connStr.isBlank();
    }

    public boolean isUri() {
        return connStr.startsWith("postgres://") || connStr.startsWith("postgresql://");
    }

    public String password() {
        return password;
    }

    public PasswordFiles passwordFiles() {
        return passwordFiles;
    }

    /** A command that connects to the source: the password goes into a password file of its own. */
    public Command command(String... args) {
        Command command = Command.of(args).timeout(Duration.ofHours(24));
        if (password != null) {
            command.password(passwordFiles, password);
        }
        return command.env("PGCONNECT_TIMEOUT", "15").env("PGAPPNAME", "dblab-retrieval");
    }

    /** The source's connectable, non-template databases. */
    public List<String> databases() {
        String out = command(pg.tool("psql"), "-X", "-A", "-t", "-d", connStrFor("postgres"), "-c",
                "SELECT datname FROM pg_database WHERE datallowconn AND NOT datistemplate ORDER BY 1").check();
        return Arrays.stream(out.split("\n")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /**
     * The libraries in the source's shared_preload_libraries; none when it has none or when the
     * source's user may not read the setting (it is for superusers and pg_read_all_settings).
     */
    public List<String> preloadLibraries() {
        String out = command(pg.tool("psql"), "-X", "-A", "-t", "-d", connStrFor("postgres"), "-c",
                "SELECT setting FROM pg_settings WHERE name = 'shared_preload_libraries'").check();
        return Arrays.stream(out.split(",")).map(s -> s.strip().replace("\"", "")).filter(s -> !s.isEmpty()).toList();
    }

    /** Total size of these databases on the source, in bytes. */
    public long size(List<String> databases) {
        long total = 0;
        for (String database : databases) {
            total += Long.parseLong(command(pg.tool("psql"), "-X", "-A", "-t", "-d", connStrFor(database), "-c",
                    "SELECT pg_database_size(current_database())").check().strip());
        }
        return total;
    }

    /** Size of every database of the source cluster (what a base backup copies, WAL aside). */
    public long clusterSize() {
        return Long.parseLong(command(pg.tool("psql"), "-X", "-A", "-t", "-d", connStrFor("postgres"), "-c",
                "SELECT sum(pg_database_size(datname))::bigint FROM pg_database").check().strip());
    }

    /**
     * Makes the source write a checkpoint now (superuser or pg_checkpoint) and returns its WAL
     * position after it: a standby that has replayed up to there has the checkpoint record.
     */
    public String checkpoint() {
        return command(pg.tool("psql"), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", connStrFor("postgres"),
                "-c", "CHECKPOINT", "-c", "SELECT pg_current_wal_lsn()").check().strip();
    }

    /** SQL that creates the source's roles, without their passwords unless asked for. */
    public String rolesScript(boolean withPasswords) {
        if (withPasswords) {
            return command(pg.tool("pg_dumpall"), "--roles-only", "-d", connStrFor("postgres")).check();
        }
        return command(pg.tool("pg_dumpall"), "--roles-only", "--no-role-passwords", "-d", connStrFor("postgres")).check();
    }
}
