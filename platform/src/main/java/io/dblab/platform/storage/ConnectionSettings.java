package io.dblab.platform.storage;

import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * How to reach the Platform's database as one role: the JDBC URL, the role and its password, and
 * driver properties (the embedded server's Unix socket). Never logged: it holds a password.
 */
public record ConnectionSettings(String url, String user, String password, Map<String, String> properties) {
    public ConnectionSettings {
        properties = Map.copyOf(properties);
    }

    /** A data source without a pool, for migrations and set-up. */
    public DataSource dataSource() {
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setUrl(url);
        source.setUser(user);
        source.setPassword(password);
        properties.forEach((name, value) -> {
            try {
                source.setProperty(name, value);
            } catch (SQLException e) {
                throw new IllegalArgumentException("invalid driver property " + name, e);
            }
        });
        return source;
    }

    public ConnectionSettings as(String otherUser, String otherPassword) {
        return new ConnectionSettings(url, otherUser, otherPassword, properties);
    }

    public ConnectionSettings onDatabase(String database) {
        return new ConnectionSettings(url.substring(0, url.lastIndexOf('/') + 1) + database, user, password, properties);
    }

    @Override
    public String toString() {
        return "ConnectionSettings[" + url + " as " + user + "]";
    }
}
