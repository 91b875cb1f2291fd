package io.dblab.engine.masking;

import io.dblab.pg.process.Command;
import io.dblab.pg.process.CommandResult;
import io.dblab.pg.server.LocalServer;
import io.dblab.pg.server.PgInstallation;
import io.dblab.pg.server.Psql;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * psql sessions on the private restore server for masking. Every session turns off the logging of
 * statements and errors (role settings restored from production might turn it on), and errors are
 * printed as SQLSTATE codes only, because full messages and their DETAIL lines can quote the very
 * values being masked. Settings go in PGOPTIONS, the session's startup packet, which the server
 * does not log.
 */
final class PrivateSql {
    private static final Pattern SQLSTATE = Pattern.compile("(?:ERROR|FATAL|PANIC):\\s+([0-9A-Z]{5})\\b");
    private static final String QUIET = String.join(" ",
            "-c log_statement=none", "-c log_min_error_statement=panic", "-c log_min_duration_statement=-1",
            "-c log_duration=off", "-c client_min_messages=error", "-c track_counts=on",
            "-c statement_timeout=0", "-c lock_timeout=0", "-c idle_in_transaction_session_timeout=0");

    private final PgInstallation pg;
    private final LocalServer server;

    PrivateSql(PgInstallation pg, LocalServer server) {
        this.pg = pg;
        this.server = server;
    }

    /** Runs the script; on failure throws with {@code what} and the SQLSTATE, nothing else. */
    String run(String database, String sql, String what) {
        return run(database, sql, what, "");
    }

    /**
     * Runs the script with extra session settings, given as {@code -c name=value} options whose
     * values must not contain spaces or backslashes (hex keys and plain words only).
     */
    String run(String database, String sql, String what, String extraOptions) {
        List<String> args = new ArrayList<>(List.of(pg.tool("psql"), "-X", "-q", "-A", "-t",
                "-v", "ON_ERROR_STOP=1", "-v", "VERBOSITY=sqlstate",
                "-h", server.socketDir().toString(), "-p", Integer.toString(server.port()), "-U", "postgres",
                "-d", database, "-f", "-"));
        CommandResult result = Command.of(args)
                .env("PGOPTIONS", (QUIET + " " + extraOptions).strip())
                .env("PGAPPNAME", Psql.APPLICATION_NAME)
                .env("PGCONNECT_TIMEOUT", "10")
                .stdin(sql)
                .timeout(Duration.ofHours(24))
                .run();
        if (!result.ok()) {
            throw new MaskingFailedException(what + " failed in database " + database + ": " + sqlState(result));
        }
        return result.output();
    }

    /** The non-empty lines of a query's output. */
    List<String> lines(String database, String sql, String what) {
        return Arrays.stream(run(database, sql, what).split("\n")).filter(l -> !l.isBlank()).toList();
    }

    private static String sqlState(CommandResult result) {
        Matcher m = SQLSTATE.matcher(result.errors());
        if (m.find()) {
            return "SQLSTATE " + m.group(1);
        }
        // psql's own problems (cannot connect) carry no row data; but keep the text short and generic.
        return "psql exit code " + result.exitCode();
    }
}
