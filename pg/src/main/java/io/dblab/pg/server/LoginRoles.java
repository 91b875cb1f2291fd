package io.dblab.pg.server;

/** Things done to a cluster's login roles before anyone else may connect to it. */
public final class LoginRoles {
    private static final String RANDOMIZE_PASSWORDS = """
            DO $random$
            DECLARE r record;
            BEGIN
              FOR r IN SELECT rolname FROM pg_catalog.pg_roles WHERE rolcanlogin LOOP
                EXECUTE pg_catalog.format('ALTER ROLE %I PASSWORD %L', r.rolname,
                               pg_catalog.gen_random_uuid()::text || pg_catalog.gen_random_uuid()::text);
              END LOOP;
            END
            $random$;
            """;

    private LoginRoles() {}

    /**
     * Gives every login role, {@code postgres} included, a password nobody knows, so that passwords
     * from production (or those whoever committed a clone set) do not open copies of the data. The
     * engine itself needs none: it manages its servers over their private Unix socket.
     */
    public static void randomizePasswords(Psql psql) {
        psql.run("postgres", RANDOMIZE_PASSWORDS);
    }
}
