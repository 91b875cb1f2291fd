package io.dblab.engine.snapshot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * A commit carries a clone's data, not the server configuration its user may have changed: a
 * clone's superuser can write any file of its data directory ({@code ALTER SYSTEM}, {@code COPY …
 * TO} a file), and settings such as {@code restore_command} with a {@code recovery.signal}, or
 * preload libraries, would run the committer's code in every clone of the commit, as the
 * identities of the teammates who make them. Before a commit is published, its configuration files
 * are those of the snapshot the clone was made from, and files that make a server start in
 * recovery are gone.
 */
final class CommitConfig {
    /** What the server reads at start, beside the settings the engine writes at every start. */
    static final List<String> CONFIG_FILES = List.of("postgresql.conf", "postgresql.auto.conf", "pg_hba.conf",
            "pg_ident.conf");
    /** Files that start recovery (running restore_command) or describe a backup. */
    static final List<String> START_FILES = List.of("recovery.signal", "standby.signal", "backup_label",
            "tablespace_map");

    private CommitConfig() {}

    /** Gives {@code commit} the configuration of {@code parent}; links in the commit are replaced, never followed. */
    static void takeFrom(Path parent, Path commit) {
        try {
            for (String name : CONFIG_FILES) {
                Path source = parent.resolve(name);
                Path target = commit.resolve(name);
                Files.deleteIfExists(target);
                if (Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS)) {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                }
            }
            for (String name : START_FILES) {
                Files.deleteIfExists(commit.resolve(name));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reset the server configuration of commit " + commit + ": "
                    + e.getMessage(), e);
        }
    }
}
