package io.dblab.checkup.api;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * A read-only session on one host (statement_timeout, lock_timeout and
 * default_transaction_read_only set with SET after connecting, so it also works through pgbouncer),
 * with helpers that return rows as maps. {@link #forDatabase} opens a session on another database of
 * the same host for per-database checks.
 */
public interface HostConnection {
    /** The application_name of every checkup session, so workload checks can leave out their own queries. */
    String APPLICATION_NAME = "dblab-checkup";

    /** The host's name as given on the command line (host:port). */
    String name();

    HostRole role();

    /** server_version_num, e.g. 150018. */
    int serverVersionNum();

    /** The database this session is connected to. */
    String database();

    Connection jdbc();

    /** Rows of a query as column-name → value maps (values as JDBC returns them). */
    List<Map<String, Object>> query(String sql, Object... params) throws SQLException;

    /** The connectable, non-template databases of this host. */
    List<String> databases() throws SQLException;

    /** A session like this one on another database of the host; closed by the runner. */
    HostConnection forDatabase(String database) throws SQLException;

    /** Whether an extension is installed in this session's database. */
    boolean hasExtension(String name) throws SQLException;
}
