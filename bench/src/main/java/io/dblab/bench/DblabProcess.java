package io.dblab.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.dblab.client.DblabApiException;
import io.dblab.client.DblabClient;
import io.dblab.engine.config.EngineConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The product as a user runs it: {@code ./dblab <part> run --config <file>} in a process of its own,
 * its output in a log file. {@link #close()} stops it with SIGTERM, as Ctrl-C would, and waits until
 * it has shut down (an engine closes its pools).
 */
final class DblabProcess implements AutoCloseable {
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .serializationInclusion(JsonInclude.Include.NON_NULL).build();
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration STOP_TIMEOUT = Duration.ofMinutes(5);

    private final String what;
    private final Process process;
    private final Path log;

    private DblabProcess(String what, Process process, Path log) {
        this.what = what;
        this.process = process;
        this.log = log;
    }

    /** Writes {@code config} into {@code dir}, starts the engine and returns when its API answers. */
    static DblabProcess engine(EngineConfig config, Path dir, DblabClient client) throws IOException, InterruptedException {
        Path configFile = dir.resolve("server.yml");
        writePrivate(configFile, YAML.writeValueAsString(config));
        return start("engine", List.of("engine", "run", "--config", configFile.toString()), Map.of(),
                dir.resolve("engine-process.log"), () -> answers(client));
    }

    /**
     * Starts {@code ./dblab <args>} with these variables added to the environment (and PGPASSWORD
     * removed) and returns when {@code ready} says so.
     */
    static DblabProcess start(String what, List<String> args, Map<String, String> env, Path log, BooleanSupplier ready)
            throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("./dblab"));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().remove("PGPASSWORD");
        builder.environment().putAll(env);
        DblabProcess started = new DblabProcess(what, builder.start(), log);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!ready.getAsBoolean()) {
            if (!started.process.isAlive() || System.nanoTime() > deadline) {
                started.close();
                throw new IllegalStateException("the " + what + " did not start; its output:\n" + Files.readString(log));
            }
            Thread.sleep(100);
        }
        Log.log("%s: `./dblab %s` as process %d, output in %s", what, String.join(" ", args), started.pid(), log);
        return started;
    }

    /** A configuration file only the benchmark's user can read: it may hold tokens. */
    static void writePrivate(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }

    long pid() {
        return process.pid();
    }

    private static boolean answers(DblabClient client) {
        try {
            client.healthz();
            return true;
        } catch (DblabApiException e) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            Log.log("%s process %d did not stop in %s; killing it (see %s)", what, pid(), STOP_TIMEOUT, log);
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Override
    public String toString() {
        return what + " process " + pid();
    }
}
