package io.dblab.engine.clone;

import io.dblab.engine.error.BadRequestException;
import io.dblab.pg.auth.ScramVerifier;
import io.dblab.pg.server.ObjectOwnership;
import io.dblab.pg.server.Psql;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Creates the clone user's role from a SCRAM verifier. A restricted user is a login role without
 * superuser that owns every database and every user object in it, so it can work with all the
 * data but cannot read server files or run programs.
 */
public final class CloneUsers {
    /**
     * A role of that name came with the snapshot (from the source, or a commit): everything it
     * owns goes to postgres and every privilege it holds is revoked, in each database, so that
     * DROP ROLE can take its memberships, attributes and settings with it.
     */
    private static final String STRIP_OWNED = """
            REASSIGN OWNED BY :"user" TO postgres;
            DROP OWNED BY :"user";
            """;
    /** Names PostgreSQL keeps for itself, and the engine's own role, which manages every clone. */
    private static final Set<String> RESERVED = Set.of("postgres", "public", "none", "current_user", "current_role",
            "session_user");

    private static final String OWN_EVERYTHING = "SELECT pg_catalog.set_config('" + ObjectOwnership.OWNER_SETTING
            + "', :'user', false);\n" + ObjectOwnership.TRANSFER_TO_OWNER_SETTING;

    private CloneUsers() {}

    /** Refuses, at request time, a username that would take the engine's role or one PostgreSQL reserves. */
    public static void requireAllowedName(String username) {
        if (RESERVED.contains(username) || username.startsWith("pg_")) {
            throw new BadRequestException("username '" + username + "' is reserved: choose another one");
        }
    }

    /**
     * Creates the clone user's role afresh. A role of that name already in the snapshot is first
     * stripped and dropped, so that the clone user holds only what the engine gives it, never the
     * memberships, attributes, settings or grants of a namesake (for example {@code etl} with
     * {@code pg_execute_server_program}).
     */
    public static void create(Psql psql, String username, String verifier, boolean restricted) {
        if (!ScramVerifier.looksLikeVerifier(verifier)) {
            throw new IllegalArgumentException("not a SCRAM-SHA-256 verifier");
        }
        Map<String, String> vars = Map.of("user", username);
        if (!psql.run("postgres", "SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = :'user';", vars).isBlank()) {
            for (String database : psql.lines("postgres",
                    "SELECT datname FROM pg_catalog.pg_database WHERE datallowconn ORDER BY 1")) {
                psql.run(database, STRIP_OWNED, vars);
            }
            psql.run("postgres", "DROP ROLE :\"user\";", vars);
        }
        String attributes = restricted ? "NOSUPERUSER NOCREATEROLE" : "SUPERUSER";
        // The verifier is base64 and '$'/':' only (checked above), so it is a safe literal.
        psql.run("postgres", "CREATE ROLE :\"user\" WITH LOGIN " + attributes + " PASSWORD '" + verifier + "';", vars);
        if (restricted) {
            List<String> databases = psql.lines("postgres",
                    "SELECT datname FROM pg_catalog.pg_database WHERE datallowconn AND NOT datistemplate ORDER BY 1");
            for (String database : databases) {
                psql.run("postgres", "ALTER DATABASE :\"db\" OWNER TO :\"user\";",
                        Map.of("user", username, "db", database));
                psql.run(database, OWN_EVERYTHING, vars);
            }
        }
    }
}
