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
 * Reads and writes {@code ~/.dblab/cli/cli.yml}, where the reference CLI keeps its file too. The file
 * holds verification tokens, so it is written owner-only (0600, directory 0700) and replaced
 * atomically: a reader never sees half a file and a token is never readable by others, not even
 * for a moment. A {@code ~/.dblab/cli.yml} that earlier versions of this CLI wrote is still read
 * while the new file does not exist.
 */
public final class CliConfigFile {
    /** Overrides the home directory, so tests and scripts can keep their own cli.yml. */
    public static final String HOME_ENV = "DBLAB_CLI_HOME";

    private static final ObjectMapper YAML = new ObjectMapper(
            new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));

    private final Path file;
    private final Path legacy;

    public CliConfigFile(Path file) {
        this(file, file);
    }

    private CliConfigFile(Path file, Path legacy) {
        this.file = file;
        this.legacy = legacy;
    }

    public static CliConfigFile inHome(Map<String, String> env) {
        String home = env.getOrDefault(HOME_ENV, "");
        Path dblabDir = Path.of(home.isBlank() ? System.getProperty("user.home") : home).resolve(".dblab");
        return new CliConfigFile(dblabDir.resolve("cli").resolve("cli.yml"), dblabDir.resolve("cli.yml"));
    }

    public Path path() {
        return file;
    }

    /** The saved configuration; empty when the CLI was never initialized. */
    public CliConfig load() {
        Path source = Files.exists(file) ? file : legacy;
        if (!Files.exists(source)) {
            return CliConfig.empty();
        }
        try {
            CliConfig config = YAML.readValue(source.toFile(), CliConfig.class);
            return config == null ? CliConfig.empty() : config;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + source + ": " + e.getMessage(), e);
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
