package io.dblab.pg.server;

/**
 * Hands every database-level object of the current database that no extension owns (schemas outside
 * the system ones, tables, views, materialized views, foreign tables, sequences, routines,
 * aggregates, domains and types) to one role, so that a non-superuser can work with all of it: read
 * and change the data, add indexes, alter tables. Run by a superuser; the role's name is read from
 * the setting {@link #OWNER_SETTING}, which the caller sets first in the same session.
 */
public final class ObjectOwnership {
    /** The block below names this setting literally. */
    public static final String OWNER_SETTING = "dblab.owner";

    public static final String TRANSFER_TO_OWNER_SETTING = """
            DO $own$
            DECLARE
              owner text := pg_catalog.current_setting('dblab.owner');
              r record;
            BEGIN
              FOR r IN SELECT n.nspname FROM pg_catalog.pg_namespace n
                       WHERE n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'
                         AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                                         WHERE d.classid = 'pg_catalog.pg_namespace'::pg_catalog.regclass
                                         AND d.objid = n.oid AND d.deptype = 'e') LOOP
                EXECUTE pg_catalog.format('ALTER SCHEMA %I OWNER TO %I', r.nspname, owner);
              END LOOP;
              FOR r IN SELECT n.nspname, c.relname, c.relkind
                       FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                       WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
                         AND n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'
                         AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                                         WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
                                         AND d.objid = c.oid
                                         AND (d.deptype = 'e' OR (c.relkind = 'S' AND d.deptype IN ('a', 'i')))) LOOP
                EXECUTE pg_catalog.format('ALTER %s %I.%I OWNER TO %I',
                               CASE r.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW'
                                              WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'f' THEN 'FOREIGN TABLE'
                                              ELSE 'TABLE' END,
                               r.nspname, r.relname, owner);
              END LOOP;
              -- identity arguments rather than regprocedure: an aggregate of no arguments is count(*), not count()
              FOR r IN SELECT p.oid, p.prokind, n.nspname, p.proname, p.pronargs
                       FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
                       WHERE p.prokind IN ('f', 'p', 'a')
                         AND n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'
                         AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                                         WHERE d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass
                                         AND d.objid = p.oid AND d.deptype = 'e') LOOP
                EXECUTE pg_catalog.format('ALTER %s %I.%I(%s) OWNER TO %I',
                               CASE r.prokind WHEN 'a' THEN 'AGGREGATE' ELSE 'ROUTINE' END, r.nspname, r.proname,
                               CASE WHEN r.prokind = 'a' AND r.pronargs = 0 THEN '*'
                                    ELSE pg_catalog.pg_get_function_identity_arguments(r.oid) END, owner);
              END LOOP;
              FOR r IN SELECT t.oid, t.typtype
                       FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
                       WHERE t.typtype IN ('d', 'e', 'r', 'c')
                         AND (t.typrelid = 0 OR (SELECT c.relkind FROM pg_catalog.pg_class c WHERE c.oid = t.typrelid) = 'c')
                         AND n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'
                         AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                                         WHERE d.classid = 'pg_catalog.pg_type'::pg_catalog.regclass
                                         AND d.objid = t.oid AND d.deptype = 'e') LOOP
                EXECUTE pg_catalog.format('ALTER %s %s OWNER TO %I',
                               CASE r.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END,
                               r.oid::pg_catalog.regtype, owner);
              END LOOP;
            END
            $own$;
            """;

    private ObjectOwnership() {}
}
