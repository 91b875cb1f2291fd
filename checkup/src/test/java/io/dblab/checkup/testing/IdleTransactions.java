package io.dblab.checkup.testing;

import static org.awaitility.Awaitility.await;

import io.dblab.testkit.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import org.postgresql.PGConnection;

/** Waits for a transaction a test holds open to be as old as a check's threshold needs, as the server sees it. */
public final class IdleTransactions {
    private IdleTransactions() {}

    /**
     * Returns once the transaction open on {@code tx} has been idle (and so open) for longer than
     * {@code age} by pg_stat_activity; asks from another session, as a query on {@code tx} would
     * make it active again.
     */
    public static void awaitIdleLongerThan(TestPostgres pg, Connection tx, Duration age) throws SQLException {
        int pid = tx.unwrap(PGConnection.class).getBackendPID();
        try (Connection observer = DriverManager.getConnection(pg.jdbcUrl("postgres"), "postgres", TestPostgres.PASSWORD);
             PreparedStatement idleLongEnough = observer.prepareStatement("""
                     SELECT state = 'idle in transaction' AND clock_timestamp() - state_change > make_interval(secs => ?)
                     FROM pg_stat_activity WHERE pid = ?""")) {
            idleLongEnough.setDouble(1, age.toMillis() / 1000.0);
            idleLongEnough.setInt(2, pid);
            await("transaction of backend " + pid + " idle for " + age).atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(100)).until(() -> {
                        try (ResultSet rs = idleLongEnough.executeQuery()) {
                            return rs.next() && rs.getBoolean(1);
                        }
                    });
        }
    }
}
