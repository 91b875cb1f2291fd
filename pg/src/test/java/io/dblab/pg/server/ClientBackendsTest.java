package io.dblab.pg.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The titles PostgreSQL 15 gives its processes, as {@code ps} shows them. */
class ClientBackendsTest {

    @Test
    void clientBackendsOverTcpAndTheSocketAreSessions() {
        assertThat(ClientBackends.isClientBackend("postgres: alice shop 127.0.0.1(53412) idle")).isTrue();
        assertThat(ClientBackends.isClientBackend("postgres: postgres postgres [local] SELECT")).isTrue();
        assertThat(ClientBackends.isClientBackend("postgres: bob db ::1(40000) idle in transaction")).isTrue();
        assertThat(ClientBackends.isClientBackend("postgres: a user with spaces my db 10.0.0.2(5001) idle")).isTrue();
        assertThat(ClientBackends.isClientBackend("postgres: alice shop 127.0.0.1(53412)")).isTrue();
        assertThat(ClientBackends.isClientBackend("postgres: walsender repl 127.0.0.1(4711) streaming 0/3000148"))
                .isTrue();
    }

    @Test
    void auxiliaryProcessesAndWorkersAreNot() {
        for (String title : new String[] {"postgres: checkpointer", "postgres: background writer",
                "postgres: walwriter", "postgres: autovacuum launcher", "postgres: logical replication launcher",
                "postgres: autovacuum worker shop", "postgres: parallel worker for PID 4242",
                "postgres: startup recovering 000000010000000000000003", "postgres: archiver",
                "/usr/lib/postgresql/15/bin/postgres -D /pool/clones/c1", ""}) {
            assertThat(ClientBackends.isClientBackend(title)).as(title).isFalse();
        }
    }
}
