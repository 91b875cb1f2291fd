package io.dblab.cli.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * Reads and writes {@code ~/.dblab/cli.yml}. The file holds a verification token, so it is written
 * owner-only (0600, directory 0700) and replaced atomically: a reader never sees half a file and the
 * token is never readable by others, not even for a moment.
 */
public final class CliConfigFile {
    /** Overrides the home directory, so tests and scripts can keep their own cli.yml. */
    public static final String HOME_ENV = "DBLAB_CLI_HOME";

    private static final ObjectMapper YAML = new ObjectMapper(
            new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));

    private final Path file;

    public CliConfigFile(Path file) {
        this.file = file;
    }

    public static CliConfigFile inHome(Map<String, String> env) {
        String home = env.getOrDefault(HOME_ENV, "");
        Path homeDir = Path.of(home.isBlank() ? System.getProperty("user.home") : home);
        return new CliConfigFile(homeDir.resolve(".dblab").resolve("cli.yml"));
    }

    public Path path() {
        return file;
    }

    /** The saved configuration; empty when the CLI was never initialized. */
    public CliConfig load() {
        if (!Files.exists(file)) {
            return CliConfig.empty();
        }
        try {
            CliConfig config = YAML.readValue(file.toFile(), CliConfig.class);
            return config == null ? CliConfig.empty() : config;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public void save(CliConfig config) {
        try {
            Path dir = file.getParent();
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            // The file is owner-only from its creation on; the move keeps that mode.
            Path temp = Files.createTempFile(dir, ".cli", ".yml.tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                YAML.writeValue(temp.toFile(), config);
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
