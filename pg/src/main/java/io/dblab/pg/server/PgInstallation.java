package io.dblab.pg.server;

import io.dblab.pg.process.Command;
import java.nio.file.Files;
import java.nio.file.Path;

/** A directory of PostgreSQL server binaries (initdb, pg_ctl, postgres, psql, pg_dump …). */
public final class PgInstallation {
    public static final Path DEFAULT_BIN_DIR = Path.of("/usr/lib/postgresql/15/bin");
    private final Path binDir;

    private PgInstallation(Path binDir) {
        this.binDir = binDir;
    }

    public static PgInstallation at(Path binDir) {
        if (!Files.isExecutable(binDir.resolve("postgres")) || !Files.isExecutable(binDir.resolve("pg_ctl"))) {
            throw new IllegalArgumentException("no PostgreSQL server binaries (postgres, pg_ctl) in " + binDir);
        }
        return new PgInstallation(binDir);
    }

    public static PgInstallation defaultInstallation() {
        return at(DEFAULT_BIN_DIR);
    }

    public Path binDir() {
        return binDir;
    }

    public String tool(String name) {
        return binDir.resolve(name).toString();
    }

    /** The server's version string, such as {@code 15.18}. */
    public String version() {
        // "postgres (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)": the word after "(PostgreSQL)"
        String[] words = Command.of(tool("postgres"), "--version").check().strip().split("\\s+");
        return words.length > 2 ? words[2] : String.join(" ", words);
    }
}
