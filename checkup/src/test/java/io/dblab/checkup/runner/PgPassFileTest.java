package io.dblab.checkup.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PgPassFileTest {
    @TempDir
    Path dir;

    @Test
    void firstMatchingLineWinsWithWildcardsAndEscapes() {
        List<String> lines = List.of(
                "# comment",
                "db1:5432:shop:app:first",
                "db1:*:*:app:second",
                "*:*:*:*:fallback:with:colons",
                "my\\:host:5432:x:y:escaped\\\\pw");
        assertThat(PgPassFile.lookup(lines, "db1", 5432, "shop", "app")).contains("first");
        assertThat(PgPassFile.lookup(lines, "db1", 6432, "other", "app")).contains("second");
        assertThat(PgPassFile.lookup(lines, "db2", 5432, "shop", "bob")).contains("fallback:with:colons");
        assertThat(PgPassFile.lookup(List.of("my\\:host:5432:x:y:escaped\\\\pw"), "my:host", 5432, "x", "y"))
                .contains("escaped\\pw");
        assertThat(PgPassFile.lookup(List.of("db1:5432:shop:app:pw"), "db1", 5432, "shop", "other")).isEmpty();
    }

    @Test
    void environmentPasswordComesFirstThenTheFileAndAReadableFileIsIgnored() throws Exception {
        Path pgpass = dir.resolve(".pgpass");
        Files.writeString(pgpass, "127.0.0.1:5432:postgres:postgres:from-file\n");
        Files.setPosixFilePermissions(pgpass, PosixFilePermissions.fromString("rw-------"));
        ConnTarget target = new ConnTarget("127.0.0.1", 5432, "postgres", "postgres", Map.of());
        List<String> warnings = new ArrayList<>();
        assertThat(new Passwords(Map.of(), dir, warnings::add).forTarget(target)).contains("from-file");
        assertThat(new Passwords(Map.of("PGPASSWORD", "from-env"), dir, warnings::add).forTarget(target)).contains("from-env");
        Path other = dir.resolve("other");
        Files.writeString(other, "*:*:*:*:from-pgpassfile\n");
        Files.setPosixFilePermissions(other, PosixFilePermissions.fromString("rw-------"));
        assertThat(new Passwords(Map.of("PGPASSFILE", other.toString()), dir, warnings::add).forTarget(target))
                .contains("from-pgpassfile");
        assertThat(warnings).isEmpty();

        Files.setPosixFilePermissions(pgpass, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(new Passwords(Map.of(), dir, warnings::add).forTarget(target)).isEmpty();
        assertThat(warnings).singleElement().asString().contains("group or world access");
    }
}
