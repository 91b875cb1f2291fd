package io.dblab.engine.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** What {@link PoolProvider#resetDataDirToCluster} must do on every provider. */
final class ClusterTemplateCheck {
    private ClusterTemplateCheck() {}

    static void verify(PoolProvider pool) throws IOException {
        AtomicInteger initdbRuns = new AtomicInteger();
        Consumer<Path> initdb = dir -> {
            initdbRuns.incrementAndGet();
            write(dir.resolve("PG_VERSION"), "15\n");
        };
        write(pool.dataDir().resolve("left-from-before"), "x");

        pool.resetDataDirToCluster("15.18", initdb);
        assertThat(initdbRuns).hasValue(1);
        assertThat(pool.dataDir().resolve("PG_VERSION")).hasContent("15");
        assertThat(pool.dataDir().resolve("left-from-before")).doesNotExist();
        assertThat(Files.getOwner(pool.dataDir()).getName()).isEqualTo("postgres");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pool.dataDir()))).isEqualTo("rwx------");

        // the data directory is a private copy: what is restored into it does not reach the template
        write(pool.dataDir().resolve("restored"), "rows");
        pool.resetDataDirToCluster("15.18", initdb);
        assertThat(initdbRuns).as("the template is made once").hasValue(1);
        assertThat(pool.dataDir().resolve("restored")).doesNotExist();
        assertThat(pool.dataDir().resolve("PG_VERSION")).hasContent("15");

        // initdb of a new version fails half-way: nothing is used from it, the data directory is untouched
        write(pool.dataDir().resolve("restored"), "rows");
        assertThatThrownBy(() -> pool.resetDataDirToCluster("16.1", dir -> {
            write(dir.resolve("PG_VERSION"), "16\n");
            throw new IllegalStateException("initdb failed");
        })).hasMessage("initdb failed");
        assertThat(pool.dataDir().resolve("restored")).hasContent("rows");

        pool.resetDataDirToCluster("16.1", initdb);
        assertThat(initdbRuns).as("a template cut short is made again").hasValue(2);
        assertThat(templates(pool)).as("templates of other versions and partial ones are removed")
                .containsExactly(".cluster-template-16.1");
        assertThat(pool.listSnapshots()).isEmpty();
        assertThat(pool.listClones()).isEmpty();
    }

    private static List<String> templates(PoolProvider pool) throws IOException {
        try (Stream<Path> entries = Files.list(pool.root())) {
            return entries.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".cluster-template-")).toList();
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
