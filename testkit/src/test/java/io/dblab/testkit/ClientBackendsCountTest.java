package io.dblab.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.dblab.pg.server.ClientBackends;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@link ClientBackends} counts a real server's client sessions from one read of the process table. */
class ClientBackendsCountTest {
    @Test
    void countsTheSessionsOfEachServerApart() throws Exception {
        try (TestPostgres busy = TestPostgres.start(); TestPostgres quiet = TestPostgres.start()) {
            Path busyData = busy.server().dataDir();
            Path quietData = quiet.server().dataDir();
            try (Connection first = connect(busy); Connection second = connect(busy)) {
                first.createStatement().execute("SELECT 1");
                second.createStatement().execute("SELECT 1");
                ClientBackends backends = ClientBackends.read();
                assertThat(backends.count(busyData)).isEqualTo(2);
                assertThat(backends.count(quietData)).isZero();
            }
            // a backend ends a moment after its client closed the connection
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (ClientBackends.read().count(busyData) > 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(ClientBackends.read().count(busyData)).isZero();
            assertThat(ClientBackends.read().count(busyData.resolve("no-such-server"))).isZero();
        }
    }

    private static Connection connect(TestPostgres postgres) throws Exception {
        return DriverManager.getConnection(postgres.jdbcUrl("postgres"), "postgres", TestPostgres.PASSWORD);
    }
}
