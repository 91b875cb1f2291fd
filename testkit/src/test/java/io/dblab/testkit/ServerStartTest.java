package io.dblab.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dblab.pg.process.CommandFailedException;
import io.dblab.pg.process.OsUser;
import io.dblab.pg.server.LocalServer;
import io.dblab.pg.server.PgCtl;
import io.dblab.pg.server.PgInstallation;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link PgCtl#start} and {@link PgCtl#promote} return as soon as the server is there, before
 * pg_ctl's own wait looks again, but never before, and pg_ctl still reports a server that failed.
 */
class ServerStartTest {
    private final PgCtl ctl = new PgCtl(PgInstallation.at(TestPostgres.BIN_DIR), OsUser.forPostgres());

    @Test
    void aStartedServerAnswersAtOnceEvenAfterACrash() throws Exception {
        try (TestPostgres postgres = TestPostgres.start()) {
            LocalServer server = postgres.server();
            assertThat(server.psql().run("postgres", "SELECT 1").strip()).isEqualTo("1");
            for (int i = 0; i < 3; i++) {
                // a crash leaves the pid file of a server that said "ready": the next start must not take it for its own
                long postmaster = Long.parseLong(Files.readAllLines(server.dataDir().resolve("postmaster.pid")).get(0).strip());
                ProcessHandle.of(postmaster).ifPresent(ProcessHandle::destroyForcibly);
                await(() -> !ProcessHandle.of(postmaster).map(ProcessHandle::isAlive).orElse(false));
                assertThat(server.dataDir().resolve("postmaster.pid")).exists();
                server.start("127.0.0.1", Map.of(), Duration.ofSeconds(60));
                assertThat(server.psql().run("postgres", "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'")
                        .strip()).isEqualTo("1");
            }
        }
    }

    @Test
    void aServerThatCannotStartIsAnError() {
        try (TestPostgres first = TestPostgres.start(); TestPostgres second = TestPostgres.start()) {
            second.server().stop("fast");
            LocalServer samePort = new LocalServer(ctl, second.server().dataDir(), first.port());
            assertThatThrownBy(() -> samePort.start("127.0.0.1", Map.of(), Duration.ofSeconds(60)))
                    .isInstanceOf(CommandFailedException.class).hasMessageContaining("pg_ctl failed");
            assertThat(samePort.isRunning()).isFalse();
        }
    }

    @Test
    void aPromotedServerTakesWritesAtOnce() throws Exception {
        try (TestPostgres postgres = TestPostgres.start()) {
            LocalServer server = postgres.server();
            server.stop("fast");
            Files.createFile(server.dataDir().resolve("standby.signal"));
            ctl.user().own(server.dataDir().resolve("standby.signal"));
            server.start("127.0.0.1", Map.of("hot_standby", "on"), Duration.ofSeconds(60));
            assertThat(server.psql().run("postgres", "SELECT pg_is_in_recovery()").strip()).isEqualTo("t");
            ctl.promote(server.dataDir());
            server.psql().run("postgres", "CREATE TABLE public.written_after_promotion (id int)");
            assertThatThrownBy(() -> ctl.promote(server.dataDir())).isInstanceOf(CommandFailedException.class)
                    .hasMessageContaining("not in standby mode");
        }
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(condition.getAsBoolean()).isTrue();
    }
}
