package io.dblab.joe.guard;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The {@link NameCatalog} of one clone, read over Joe's management connection. The session's
 * baseline is the transaction ID taken when Joe had prepared the clone and before the person could run
 * anything: a catalog row written later ({@code age(xmin)} smaller than the baseline's) was made or
 * changed by the person, so its name vouches for nothing.
 */
public final class BaselineCatalog implements NameCatalog {
    /** Catalogs whose rows carry a name that deparsed SQL and plans print. */
    private static final String[][] NAMED_ROWS = {
            {"pg_class", "relname"}, {"pg_attribute", "attname"}, {"pg_namespace", "nspname"}, {"pg_type", "typname"},
            {"pg_proc", "proname"}, {"pg_constraint", "conname"}, {"pg_trigger", "tgname"}, {"pg_collation", "collname"},
            {"pg_extension", "extname"}, {"pg_language", "lanname"}, {"pg_am", "amname"}, {"pg_opclass", "opcname"},
            {"pg_rewrite", "rulename"}, {"pg_policy", "polname"}, {"pg_statistic_ext", "stxname"},
            {"pg_ts_config", "cfgname"}, {"pg_database", "datname"}, {"pg_authid", "rolname"},
            {"pg_tablespace", "spcname"}, {"pg_enum", "enumlabel"}};
    private static final String KNOWN_NAMES = knownNamesQuery();

    private final Supplier<Connection> management;
    private final long baselineXid;
    private Set<String> keywords;

    /**
     * @param management  the management connection (a superuser's, its search_path pinned to pg_catalog)
     * @param baselineXid {@code txid_current()} of the transaction that ended the clone's preparation
     */
    public BaselineCatalog(Supplier<Connection> management, long baselineXid) {
        this.management = management;
        this.baselineXid = baselineXid;
    }

    @Override
    public synchronized Set<String> known(Set<String> candidates) {
        Set<String> known = new HashSet<>();
        for (String candidate : candidates) {
            if (keywords().contains(candidate.toLowerCase(Locale.ROOT))) {
                known.add(candidate);
            }
        }
        Connection conn = management.get();
        try (PreparedStatement st = conn.prepareStatement(KNOWN_NAMES)) {
            Array names = conn.createArrayOf("text", candidates.toArray());
            // the 32-bit form that xmin holds; age() compares it with the current transaction
            String baseline = Long.toString(baselineXid & 0xFFFF_FFFFL);
            for (int row = 0; row < NAMED_ROWS.length; row++) {
                st.setArray(2 * row + 1, names);
                st.setString(2 * row + 2, baseline);
            }
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    known.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new CatalogUnavailableException("cannot read the clone's catalog: " + e.getSQLState(), e);
        }
        return known;
    }

    @Override
    public synchronized Map<String, String> serverSettings(Set<String> names) {
        Map<String, String> values = new HashMap<>();
        Connection conn = management.get();
        try (PreparedStatement st = conn.prepareStatement("SELECT pg_catalog.current_setting(?, true)")) {
            for (String name : names) {
                st.setString(1, name);
                try (ResultSet rs = st.executeQuery()) {
                    if (rs.next() && rs.getString(1) != null) {
                        values.put(name, rs.getString(1));
                    }
                }
            }
        } catch (SQLException e) {
            throw new CatalogUnavailableException("cannot read the clone's settings: " + e.getSQLState(), e);
        }
        return values;
    }

    private Set<String> keywords() {
        if (keywords == null) {
            Set<String> words = new HashSet<>();
            try (PreparedStatement st = management.get().prepareStatement("SELECT word FROM pg_catalog.pg_get_keywords()");
                 ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    words.add(rs.getString(1));
                }
            } catch (SQLException e) {
                throw new CatalogUnavailableException("cannot read the SQL keywords: " + e.getSQLState(), e);
            }
            keywords = Set.copyOf(words);
        }
        return keywords;
    }

    /**
     * One branch a catalog, each with the names as a constant array (hashed, or an index scan where the
     * catalog has one on the name) and the baseline.
     */
    private static String knownNamesQuery() {
        StringBuilder sql = new StringBuilder();
        for (String[] row : NAMED_ROWS) {
            sql.append(sql.isEmpty() ? "" : "UNION ").append("SELECT c.").append(row[1]).append("::pg_catalog.text FROM pg_catalog.")
                    .append(row[0]).append(" c WHERE c.").append(row[1])
                    .append(" OPERATOR(pg_catalog.=) ANY (?::pg_catalog.text[]::pg_catalog.name[])")
                    .append(" AND pg_catalog.age(c.xmin) OPERATOR(pg_catalog.>=) pg_catalog.age(?::pg_catalog.text::pg_catalog.xid)\n");
        }
        return sql.toString();
    }
}
