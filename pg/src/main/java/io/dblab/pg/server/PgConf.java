package io.dblab.pg.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
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
            Path target = dataDir.resolve(fileName);
            Files.writeString(target, text, StandardCharsets.UTF_8);
            Path main = dataDir.resolve("postgresql.conf");
            String include = "include_if_exists '" + fileName + "'";
            String current = Files.readString(main, StandardCharsets.UTF_8);
            if (!current.contains(include)) {
                Files.writeString(main, "\n" + include + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write settings into " + dataDir, e);
        }
    }

    /**
     * Replaces pg_hba.conf: trusted local socket (sessions and replication; the socket directory is
     * private to the postgres OS user), SCRAM over TCP from anywhere.
     */
    public static void writeHba(Path dataDir) {
        String hba = """
                # written by Database Lab
                local all all trust
                local replication all trust
                host all all 0.0.0.0/0 scram-sha-256
                host all all ::/0 scram-sha-256
                """;
        try {
            Files.writeString(dataDir.resolve("pg_hba.conf"), hba, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write pg_hba.conf in " + dataDir, e);
        }
    }
}
