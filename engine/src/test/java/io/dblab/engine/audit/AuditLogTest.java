package io.dblab.engine.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dblab.client.Json;
import io.dblab.engine.ImmutableFile;
import io.dblab.testkit.TempDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An audit log that cannot be written raises an alert instead of failing the caller; on a real file. */
class AuditLogTest {
    private Path dir;

    @BeforeEach
    void makeDir() throws IOException {
        dir = Files.createTempDirectory("dblab-audit-test-");
    }

    @AfterEach
    void removeDir() {
        TempDirs.deleteRecursively(dir);
    }

    @Test
    void anUnwritableLogRaisesAnAlertAndTheNextWriteRecordsTheGap() throws IOException {
        AuditLog audit = new AuditLog(dir);
        audit.record("api@127.0.0.1", "POST /clone", "c1", "OK 201");
        assertThat(audit.alert()).isEmpty();

        try (ImmutableFile ignored = ImmutableFile.of(audit.file())) {
            audit.record(AuditLog.ENGINE, "clone.create", "c1", "OK");
            audit.record(AuditLog.ENGINE, "clone.reset", "c1", "OK");
            assertThat(audit.alert()).get().satisfies(alert -> {
                assertThat(alert.level()).isEqualTo("error");
                assertThat(alert.count()).isEqualTo(2);
                assertThat(alert.message()).startsWith("The audit log " + audit.file() + " cannot be written (")
                        .contains("2 entries since");
            });
        }
        assertThat(lines(audit)).hasSize(1);

        audit.record("api@127.0.0.1", "DELETE /clone/c1", "c1", "OK 200");
        assertThat(audit.alert()).isEmpty();
        List<JsonNode> lines = lines(audit);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1).get("action").asText()).isEqualTo("audit.lost");
        assertThat(lines.get(1).get("result").asText()).startsWith("2 entries could not be written between ");
        assertThat(lines.get(2).get("action").asText()).isEqualTo("DELETE /clone/c1");
    }

    @Test
    void aDirectoryInPlaceOfTheLogRaisesTheAlertToo() throws IOException {
        AuditLog audit = new AuditLog(dir);
        Files.delete(audit.file());
        Files.createDirectory(audit.file());
        audit.record(AuditLog.ENGINE, "clone.destroy", "c1", "OK");
        assertThat(audit.alert()).get().extracting(a -> a.count()).isEqualTo(1);
    }

    private static List<JsonNode> lines(AuditLog audit) throws IOException {
        return Files.readAllLines(audit.file()).stream().map(line -> {
            try {
                return Json.mapper().readTree(line);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }
}
