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
import java.util.concurrent.TimeUnit;

/**
 * The engine as a user runs it: {@code ./dblab engine run --config <file>} in a process of its own,
 * with the configuration written as YAML, its output in a log file. {@link #close()} stops it with
 * SIGTERM, as Ctrl-C would, and waits until it has closed its pools.
 */
final class EngineProcess implements AutoCloseable {
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .serializationInclusion(JsonInclude.Include.NON_NULL).build();
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration STOP_TIMEOUT = Duration.ofMinutes(5);

    private final Process process;
    private final Path log;

    private EngineProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Writes {@code config} into {@code dir}, starts the engine and returns when its API answers. */
    static EngineProcess start(EngineConfig config, Path dir, DblabClient client) throws IOException, InterruptedException {
        Path configFile = dir.resolve("server.yml");
        Files.writeString(configFile, YAML.writeValueAsString(config));
        Files.setPosixFilePermissions(configFile, PosixFilePermissions.fromString("rw-------"));
        Path log = dir.resolve("engine-process.log");
        ProcessBuilder builder = new ProcessBuilder("./dblab", "engine", "run", "--config", configFile.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().remove("PGPASSWORD");
        EngineProcess engine = new EngineProcess(builder.start(), log);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!engine.answers(client)) {
            if (!engine.process.isAlive() || System.nanoTime() > deadline) {
                engine.close();
                throw new IllegalStateException("the engine did not start; its output:\n" + Files.readString(log));
            }
            Thread.sleep(100);
        }
        Log.log("engine: `./dblab engine run` as process %d, output in %s", engine.pid(), log);
        return engine;
    }

    long pid() {
        return process.pid();
    }

    private boolean answers(DblabClient client) {
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
            Log.log("engine process %d did not stop in %s; killing it (see %s)", pid(), STOP_TIMEOUT, log);
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
