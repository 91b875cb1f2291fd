package io.dblab.engine;

import io.dblab.engine.config.EngineConfig;
import io.dblab.engine.retrieval.SourceDatabase;
import io.dblab.pg.process.Command;
import io.dblab.pg.process.CommandResult;
import io.dblab.pg.process.OsUser;
import io.dblab.pg.server.PgInstallation;
import java.time.Duration;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At start, connects to the source as retrieval will (same tool, OS user, password file and kind of
 * connection) and compares its PostgreSQL major version with the binaries'. A source that cannot be
 * reached or refuses the login stops the start only when the engine has no snapshot yet: otherwise
 * the clones of the snapshots it has stay in service and retrieval tries again on its schedule. A
 * version the binaries cannot serve always stops it.
 */
final class SourceProbe {
    private static final Logger LOG = LoggerFactory.getLogger(SourceProbe.class);
    /** libpq's words for a login the server turned away, as opposed to a server it could not reach. */
    private static final Pattern REFUSED = Pattern.compile(
            "password authentication failed|no password supplied|authentication failed|no pg_hba\\.conf entry"
                    + "|role \"[^\"]*\" does not exist|permission denied|not permitted to log in");

    private SourceProbe() {}

    static void check(EngineConfig.Retrieval settings, SourceDatabase source, PgInstallation pg, OsUser poolUser,
                      boolean hasSnapshots) {
        boolean physical = "physical".equals(settings.mode());
        // a restore command (WAL-G, pgBackRest) reads a backup, not the source
        if (!source.hasConnStr() || physical && !settings.physical().restoreCommand().isEmpty()) {
            return;
        }
        Command psql = source.command(pg.tool("psql"), "-X", "-A", "-t", "-d", physical
                        ? source.with("replication", "true")
                        : source.connStrFor(settings.databases().isEmpty() ? "postgres" : settings.databases().get(0)),
                "-c", "SHOW server_version_num").timeout(Duration.ofSeconds(60));
        if (physical) {
            psql.asUser(poolUser);
        }
        CommandResult result = psql.run();
        if (!result.ok()) {
            EngineStartException failure = connectionFailure(settings, libpqError(result.diagnostics()));
            if (hasSnapshots) {
                LOG.warn("{}; the clones of the existing snapshots stay in service and retrieval tries again later",
                        failure.problem());
                return;
            }
            throw failure;
        }
        String binaries = PgVersions.major(pg.version());
        String sourceMajor = PgVersions.majorOfVersionNum(result.output().strip());
        if (!PgVersions.canServe(binaries, sourceMajor, physical)) {
            throw new EngineStartException("the source runs PostgreSQL " + sourceMajor + " and provision.postgresBinDir ("
                    + pg.binDir() + ") holds PostgreSQL " + binaries + (physical
                            ? "; a physical copy needs the same major version"
                            : "; pg_dump cannot read a newer server"),
                    "install the PostgreSQL " + sourceMajor + " server binaries and set provision.postgresBinDir to them");
        }
    }

    private static EngineStartException connectionFailure(EngineConfig.Retrieval settings, String error) {
        if (REFUSED.matcher(error).find()) {
            String passwordEnv = settings.source().passwordEnv();
            return new EngineStartException("the source refused the login: " + error,
                    "check the user in retrieval.source.connStr, the password in "
                            + (passwordEnv == null || passwordEnv.isBlank()
                                    ? "the variable that retrieval.source.passwordEnv names (unset now)"
                                    : "the environment variable " + passwordEnv + " (retrieval.source.passwordEnv)")
                            + " and the source's pg_hba.conf");
        }
        return new EngineStartException("the source cannot be reached: " + error,
                "start it, or correct host and port in retrieval.source.connStr");
    }

    /** psql's error without its {@code psql: error:} prefix, on one line. */
    static String libpqError(String diagnostics) {
        return diagnostics.strip().replaceFirst("^psql: error: ", "").replaceAll("\\s*\\R\\s*", " ");
    }
}
