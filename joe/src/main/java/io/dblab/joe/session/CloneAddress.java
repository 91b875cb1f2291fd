package io.dblab.joe.session;

import io.dblab.client.model.Clone;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;

/**
 * Where a clone listens (the host the engine reports, else the engine's own host) and how Joe connects
 * to it. Both connections carry the statement timeout from their start; the management connection's
 * search_path is pinned to pg_catalog in the start-up packet, so that no setting of the database and no
 * object the person makes can change what its statements resolve to.
 */
public record CloneAddress(String host, int port, String database) {
    private static final int CONNECT_TIMEOUT_SECONDS = 10;

    public static CloneAddress of(Clone clone, URI engine, String database) {
        String host = clone.db() == null || clone.db().host() == null || clone.db().host().isBlank()
                ? engine.getHost() : clone.db().host();
        return new CloneAddress(host, Integer.parseInt(clone.db().port()), database);
    }

    public Connection connectManagement(String password, Duration statementTimeout) throws SQLException {
        return connect(CloneRoles.MANAGEMENT, password, "-c search_path=pg_catalog,pg_temp -c statement_timeout="
                + statementTimeout.toMillis());
    }

    public Connection connectUser(String password, Duration statementTimeout) throws SQLException {
        return connect(CloneRoles.USER, password, "-c statement_timeout=" + statementTimeout.toMillis());
    }

    private Connection connect(String user, String password, String options) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        props.setProperty("options", options);
        props.setProperty("ApplicationName", "dblab-joe");
        props.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
        String url = "jdbc:postgresql://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/"
                + URLEncoder.encode(database, StandardCharsets.UTF_8).replace("+", "%20");
        return DriverManager.getConnection(url, props);
    }
}
