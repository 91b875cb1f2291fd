package io.dblab.pg.server;

import io.dblab.pg.process.OsUser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Writes server settings into a data directory: a file of our own that postgresql.conf includes
 * last, so our values win and the original file stays readable.
 */
public final class PgConf {
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_.]*");

    private PgConf() {}

    public static boolean isValidName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** Replaces {@code fileName} in the data directory with these settings and includes it. */
    public static void writeIncluded(Path dataDir, String fileName, Map<String, String> settings) {
        StringBuilder text = new StringBuilder("# written by Database Lab; replaced on every start\n");
        settings.forEach((name, value) -> {
            if (!isValidName(name)) {
                throw new IllegalArgumentException("invalid setting name: " + name);
            }
            if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0 || value.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("invalid value for setting " + name);
            }
            text.append(name).append(" = '").append(value.replace("\\", "\\\\").replace("'", "''")).append("'\n");
        });
        try {
            replace(dataDir.resolve(fileName), text);
            Path main = dataDir.resolve("postgresql.conf");
            String include = "include_if_exists '" + fileName + "'";
            requireRegularFile(main);
            String current = new String(Files.readAllBytes(main), StandardCharsets.UTF_8);
            if (!current.contains(include)) {
                Files.writeString(main, "\n" + include + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND,
                        LinkOption.NOFOLLOW_LINKS);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write settings into " + dataDir, e);
        }
    }

    /** The pg_ident.conf map that lets the engine's OS users in as the superuser {@code postgres}. */
    private static final String ENGINE_MAP = "dblab_engine";

    /**
     * Replaces pg_hba.conf and pg_ident.conf. Over the Unix socket, {@code postgres} is reached only
     * by peer authentication of the engine's own OS user and the pool's server user (who run the
     * management sessions and the restore tools); any other local role, like every TCP client,
     * needs its password. No one is trusted: a clone's user who reaches a socket gains nothing.
     */
    public static void writeHba(Path dataDir) {
        String hba = """
                # written by Database Lab
                local all postgres peer map=%1$s
                local replication postgres peer map=%1$s
                local all all scram-sha-256
                host all all 0.0.0.0/0 scram-sha-256
                host all all ::/0 scram-sha-256
                """.formatted(ENGINE_MAP);
        StringBuilder ident = new StringBuilder("# written by Database Lab\n");
        for (String user : new TreeSet<>(List.of(OsUser.current().name(), OsUser.forPostgres().name()))) {
            ident.append(ENGINE_MAP).append(' ').append(user).append(" postgres\n");
        }
        try {
            replace(dataDir.resolve("pg_hba.conf"), hba);
            replace(dataDir.resolve("pg_ident.conf"), ident);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write pg_hba.conf in " + dataDir, e);
        }
    }

    /**
     * Writes a new regular file in place of whatever is there. The engine writes into data
     * directories as root, and a clone's user owns its data directory: a link or pipe planted in a
     * file's place is removed, never followed or opened, and a file made there in between is an error.
     */
    private static void replace(Path file, CharSequence text) throws IOException {
        Files.deleteIfExists(file);
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, LinkOption.NOFOLLOW_LINKS);
    }

    private static void requireRegularFile(Path file) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(file + " is not a regular file");
        }
    }
}
