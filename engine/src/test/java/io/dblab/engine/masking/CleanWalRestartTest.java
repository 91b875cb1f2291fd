package io.dblab.engine.masking;

import static org.assertj.core.api.Assertions.assertThat;

import io.dblab.pg.server.PgInstallation;
import io.dblab.testkit.TestPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The WAL part of "no residue", on a plain server: values written to WAL before masking are
 * still in pg_wal after a clean stop (in the segment of the last checkpoint, and in recycled
 * segments), and are gone after the clean restart with WAL recycling off and the switch to a
 * fresh segment.
 */
class CleanWalRestartTest {
    private static final String PLANTED = "PLANTED-WAL-VALUE-";
    private static final PgInstallation PG = PgInstallation.at(TestPostgres.BIN_DIR);
    // As during a restore: WAL-logged inserts, no full-page images, few checkpoints.
    private static final Map<String, String> RESTORE = Map.of("wal_level", "minimal", "max_wal_senders", "0",
            "full_page_writes", "off", "fsync", "off", "max_wal_size", "1GB");

    @Test
    void aCleanStopAloneLeavesOriginalsInTheWal() throws IOException {
        try (TestPostgres pg = TestPostgres.start(RESTORE)) {
            plantAndRemoveFromTables(pg);
            pg.server().stop("fast");
            WalSegments.removeUnneeded(PG, pg.server().dataDir());

            assertThat(filesHolding(pg.server().dataDir().resolve("pg_wal"))).isNotEmpty();
        }
    }

    @Test
    void theCleanRestartLeavesNone() throws IOException {
        try (TestPostgres pg = TestPostgres.start(RESTORE)) {
            plantAndRemoveFromTables(pg);
            CleanWalRestart.restart(PG, pg.server());
            PrivateSql sql = new PrivateSql(PG, pg.server());
            sql.run("postgres", "CREATE TABLE after_masking AS SELECT g FROM generate_series(1, 100000) g;", "work");
            CleanWalRestart.retireOldSegments(sql);
            sql.run("postgres", "CHECKPOINT;", "checkpoint");
            pg.server().stop("fast");
            WalSegments.removeUnneeded(PG, pg.server().dataDir());

            assertThat(filesHolding(pg.server().dataDir())).isEmpty();
            assertThat(WalSegments.list(pg.server().dataDir())).hasSizeBetween(1, 2);
        }
    }

    /**
     * Several segments of WAL with the planted values, a checkpoint in between (so old segments are
     * recycled under future names), a last batch in the segment the final checkpoint will use; then
     * the rows are deleted and the table rewritten, so only WAL still holds them.
     */
    private static void plantAndRemoveFromTables(TestPostgres pg) {
        pg.psql().run("postgres", """
                CREATE TABLE t (v text);
                CHECKPOINT;
                INSERT INTO t SELECT 'PLANTED-WAL-VALUE-' || g FROM generate_series(1, 400000) g;
                CHECKPOINT;
                INSERT INTO t SELECT 'PLANTED-WAL-VALUE-' || g FROM generate_series(1, 400000) g;
                CHECKPOINT;
                INSERT INTO t SELECT 'PLANTED-WAL-VALUE-' || g FROM generate_series(1, 1000) g;
                DELETE FROM t;
                VACUUM FULL t;
                """);
    }

    private static List<Path> filesHolding(Path dir) throws IOException {
        byte[] planted = PLANTED.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).filter(f -> {
                try (var in = Files.newInputStream(f)) {
                    return new ByteSearch(List.of(planted)).foundIn(in);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
    }
}
