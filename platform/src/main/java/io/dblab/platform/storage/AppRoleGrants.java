package io.dblab.platform.storage;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;

/**
 * What the application's role may do, granted by the owner after every migration (so tables of later
 * versions are covered): read and change every table, except the append-only ones, where it may only
 * read and add rows; the migration history it may only read.
 */
public final class AppRoleGrants {
    /** Tables whose rows nobody changes or deletes; later parts add theirs here. */
    public static final List<String> APPEND_ONLY = List.of("audit_log");

    private AppRoleGrants() {}

    public static void apply(DataSource owner, String appRole) {
        String role = quoteIdentifier(appRole);
        String schema = Migrations.SCHEMA;
        try (Connection c = owner.getConnection(); Statement s = c.createStatement()) {
            s.execute("GRANT USAGE ON SCHEMA " + schema + " TO " + role);
            s.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA " + schema + " TO " + role);
            s.execute("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA " + schema + " TO " + role);
            s.execute("REVOKE INSERT, UPDATE, DELETE ON " + schema + ".flyway_schema_history FROM " + role);
            for (String table : APPEND_ONLY) {
                s.execute("REVOKE UPDATE, DELETE, TRUNCATE ON " + schema + "." + table + " FROM " + role);
            }
        } catch (SQLException e) {
            throw new StorageException("cannot grant the application's role " + appRole + " its rights", e);
        }
    }

    private static String quoteIdentifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
