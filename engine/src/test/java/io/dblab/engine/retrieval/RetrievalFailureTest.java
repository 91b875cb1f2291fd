package io.dblab.engine.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dblab.engine.Engine;
import io.dblab.engine.EngineStartException;
import io.dblab.engine.config.EngineConfig;
import io.dblab.testkit.FreePorts;
import io.dblab.testkit.PostgresProcesses;
import io.dblab.testkit.Requirements;
import io.dblab.testkit.TempDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A source that cannot be reached when the engine has no snapshot yet fails the start with one line
 * that says why, and leaves no snapshot, dump, server or lock behind. (With snapshots the engine
 * starts and serves them: {@code SourceLossTest}.)
 */
class RetrievalFailureTest {
    private Path dir;

    @AfterEach
    void cleanUp() {
        if (dir != null) {
            PostgresProcesses.stopAllUnder(dir);
            TempDirs.deleteRecursively(dir);
        }
    }

    @Test
    void anUnreachableSourceWithoutSnapshotsFailsTheStart() throws Exception {
        Requirements.requirePostgres();
        dir = Files.createTempDirectory("dblab-retrieval-fail-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        int closedPort = FreePorts.next();
        EngineConfig config = new EngineConfig(
                new EngineConfig.Server("127.0.0.1", FreePorts.next(), "t", null, false),
                new EngineConfig.PoolManager(dir.resolve("mnt").toString(),
                        List.of(new EngineConfig.Pool("p", "reflink", null, null, false, true))),
                null,
                new EngineConfig.Retrieval("logical",
                        new EngineConfig.Source("host=127.0.0.1 port=" + closedPort + " user=postgres", null), List.of(), 1),
                null, dir.resolve("state").toString());

        for (int attempt = 1; attempt <= 2; attempt++) {
            assertThatThrownBy(() -> Engine.start(config).close())
                    .isInstanceOf(EngineStartException.class)
                    .hasMessageStartingWith("the source cannot be reached: ")
                    .hasMessageContaining("port " + closedPort + " failed: Connection refused")
                    .hasMessageEndingWith("; start it, or correct host and port in retrieval.source.connStr");
        }
        assertThat(Files.list(dir.resolve("mnt/p/snapshots")).toList()).isEmpty();
        assertThat(Files.exists(dir.resolve("mnt/p/dump"))).isFalse();
        assertThat(PostgresProcesses.dataDirsUnder(dir)).isEmpty();
    }
}
