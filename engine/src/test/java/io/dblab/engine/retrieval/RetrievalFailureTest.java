package io.dblab.engine.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dblab.client.DblabClient;
import io.dblab.client.model.InstanceStatus;
import io.dblab.client.model.Retrieval;
import io.dblab.engine.Engine;
import io.dblab.engine.config.EngineConfig;
import io.dblab.testkit.FreePorts;
import io.dblab.testkit.PostgresProcesses;
import io.dblab.testkit.Requirements;
import io.dblab.testkit.TempDirs;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A retrieval that cannot dump its source fails with an alert that says why and makes no snapshot. */
class RetrievalFailureTest {
    private Path dir;
    private Engine engine;

    @AfterEach
    void cleanUp() {
        if (engine != null) {
            engine.close();
        }
        if (dir != null) {
            PostgresProcesses.stopAllUnder(dir);
            TempDirs.deleteRecursively(dir);
        }
    }

    @Test
    void unreachableSourceGivesAFailedRetrievalAndNoSnapshot() throws Exception {
        Requirements.requirePostgres();
        dir = Files.createTempDirectory("dblab-retrieval-fail-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        int closedPort = FreePorts.next();
        engine = Engine.start(new EngineConfig(
                new EngineConfig.Server("127.0.0.1", FreePorts.next(), "t", null, false),
                new EngineConfig.PoolManager(dir.resolve("mnt").toString(),
                        List.of(new EngineConfig.Pool("p", "reflink", null, null, false, true))),
                null,
                new EngineConfig.Retrieval("logical",
                        new EngineConfig.Source("host=127.0.0.1 port=" + closedPort + " user=postgres", null), List.of(), 1),
                null, dir.resolve("state").toString()));
        DblabClient client = new DblabClient(URI.create("http://127.0.0.1:" + engine.apiPort()), "t");

        await().atMost(Duration.ofMinutes(1)).until(() -> "failed".equals(client.retrieval().status()));
        Retrieval retrieval = client.retrieval();
        assertThat(retrieval.alerts()).containsKey("refresh_failed");
        assertThat(retrieval.alerts().get("refresh_failed").message())
                .contains("Logical retrieval failed").contains(Integer.toString(closedPort));
        assertThat(client.snapshots()).isEmpty();
        InstanceStatus status = client.status();
        assertThat(status.status().code()).isEqualTo("WARNING");
        assertThat(status.pools().get(0).status()).isEqualTo("empty");
        assertThat(Files.list(dir.resolve("mnt/p/snapshots")).toList()).isEmpty();
        assertThat(Files.exists(dir.resolve("mnt/p/dump"))).isFalse();
        assertThat(PostgresProcesses.dataDirsUnder(dir)).isEmpty();
    }
}
