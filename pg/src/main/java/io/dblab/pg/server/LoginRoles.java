package io.dblab.pg.server;

/** Things done to a cluster's login roles before anyone else may connect to it. */
public final class LoginRoles {
    private static final String RANDOMIZE_PASSWORDS = """
            DO $random$
            DECLARE r record;
            BEGIN
              FOR r IN SELECT rolname FROM pg_catalog.pg_roles WHERE rolcanlogin AND rolname <> 'postgres' LOOP
                EXECUTE pg_catalog.format('ALTER ROLE %I PASSWORD %L', r.rolname,
                               pg_catalog.gen_random_uuid()::text || pg_catalog.gen_random_uuid()::text);
              END LOOP;
            END
            $random$;
            """;

    private LoginRoles() {}

    /**
     * Gives every login role but {@code postgres} a password nobody knows, so that passwords from
     * production (or of whoever committed a clone) do not open copies of the data.
     */
    public static void randomizePasswords(Psql psql) {
        psql.run("postgres", RANDOMIZE_PASSWORDS);
    }
}
