package io.dblab.pg.server;

import io.dblab.pg.process.Command;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Runs management SQL on a local server through its Unix socket as the superuser {@code postgres}.
 * The socket directory is private to the postgres OS user, so socket trust gives no one else a way
 * in, and no management password has to exist anywhere. SQL goes on standard input so that role
 * verifiers never appear in a process list.
 */
public final class Psql {
    /** The application_name of the engine's own sessions, so activity checks can leave them out. */
    public static final String APPLICATION_NAME = "dblab-engine";
    /**
     * Settings in the startup packet (PGOPTIONS) of every management session. Startup options win
     * over the database's and the role's settings, which a clone user who owns a database can
     * change: with only the catalog on the search path, no function, operator or view a user
     * defined can stand in for the catalog's in the engine's superuser session; and timeouts or
     * read-only defaults a user set (or asked for in extra_conf) cannot break the engine's work.
     */
    public static final String MANAGEMENT_OPTIONS = String.join(" ", "-c search_path=pg_catalog,pg_temp",
            "-c statement_timeout=0", "-c lock_timeout=0", "-c idle_in_transaction_session_timeout=0",
            "-c idle_session_timeout=0", "-c default_transaction_read_only=off");
    private final PgInstallation pg;
    private final Path socketDir;
    private final int port;
    private final String options;

    public Psql(PgInstallation pg, Path socketDir, int port) {
        this(pg, socketDir, port, MANAGEMENT_OPTIONS);
    }

    private Psql(PgInstallation pg, Path socketDir, int port, String options) {
        this.pg = pg;
        this.socketDir = socketDir;
        this.port = port;
        this.options = options;
    }

    /**
     * Sessions with the database's own settings, for running a user's SQL (tests that build a
     * source database): unqualified names then mean the user's objects, not the catalog.
     */
    public Psql withDatabaseSettings() {
        return new Psql(pg, socketDir, port, "");
    }

    /** Runs the script in one session and returns its rows, one per line, columns split by '|'. */
    public String run(String database, String sql) {
        return run(database, sql, Map.of());
    }

    /**
     * Runs the script with psql variables: the script refers to them as {@code :'name'} (a quoted
     * literal) or {@code :"name"} (a quoted identifier), so psql does the quoting of names that
     * come from users.
     */
    public String run(String database, String sql, Map<String, String> variables) {
        return scriptCommand(database, variables).stdin(sql).timeout(Duration.ofMinutes(30)).check();
    }

    /** psql in one session that runs the SQL script on its standard input, stopping at the first error. */
    public Command scriptCommand(String database) {
        return scriptCommand(database, Map.of());
    }

    private Command scriptCommand(String database, Map<String, String> variables) {
        List<String> args = new ArrayList<>(List.of(pg.tool("psql"), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
                "-h", socketDir.toString(), "-p", Integer.toString(port), "-U", "postgres", "-d", database));
        variables.forEach((name, value) -> {
            args.add("-v");
            args.add(name + "=" + value);
        });
        args.add("-f");
        args.add("-");
        return Command.of(args)
                .env("PGOPTIONS", options)
                .env("PGCONNECT_TIMEOUT", "10")
                .env("PGAPPNAME", APPLICATION_NAME);
    }

    /** The non-empty lines of a query's output. */
    public List<String> lines(String database, String sql) {
        return Arrays.stream(run(database, sql).split("\n")).filter(l -> !l.isBlank()).toList();
    }
}
