package io.dblab.cli.engine;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * {@code dblab engine run} in a JVM of its own, started as an operator would: optionally behind a
 * command that changes its circumstances ({@code runuser -u nobody --}, {@code unshare …}) and with
 * a changed environment. Its standard output and error go to files under {@code base}.
 */
final class EngineRun {
    private static final AtomicInteger RUNS = new AtomicInteger();
    private final Process process;
    private final Path out;
    private final Path err;

    private EngineRun(Path base, String classPath, List<String> wrapper, Consumer<Map<String, String>> env,
                      List<String> args) {
        int run = RUNS.incrementAndGet();
        this.out = base.resolve("run-" + run + ".out");
        this.err = base.resolve("run-" + run + ".err");
        List<String> command = new ArrayList<>(wrapper);
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classPath,
                "-Dlogback.configurationFile=" + shippedLogbackConfig(classPath), "io.dblab.cli.Main", "engine", "run"));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        env.accept(builder.environment());
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The logging configuration the jar ships: the test class path also holds the engine tests'
     * logback-test.xml, which logback would prefer.
     */
    private static String shippedLogbackConfig(String classPath) {
        return Arrays.stream(classPath.split(File.pathSeparator)).map(entry -> Path.of(entry, "logback.xml"))
                .filter(Files::isRegularFile).findFirst().orElseThrow(() -> new AssertionError("no logback.xml in " + classPath))
                .toString();
    }

    /** Starts {@code dblab engine run ARGS} behind {@code wrapper} with the environment changed by {@code env}. */
    static EngineRun start(Path base, String classPath, List<String> wrapper, Consumer<Map<String, String>> env,
                           String... args) {
        return new EngineRun(base, classPath, wrapper, env, List.of(args));
    }

    static EngineRun start(Path base, String classPath, String... args) {
        return start(base, classPath, List.of(), env -> { }, args);
    }

    /** Waits for the process to exit on its own (a failed start) and returns its exit code. */
    int awaitExit() throws InterruptedException {
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("the engine did not exit:\n" + err());
        }
        return process.exitValue();
    }

    /** Waits until the engine says it runs; fails with its output when it exits instead. */
    EngineRun awaitRunning() {
        await("engine running").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!process.isAlive()) {
                throw new AssertionError("the engine exited with " + process.exitValue() + ":\n" + out() + err());
            }
            return out().contains("Database Lab Engine is running");
        });
        return this;
    }

    long pid() {
        return process.pid();
    }

    /** SIGKILL: no shutdown hook, nothing released but what the operating system releases. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, as Ctrl-C or systemd stops the engine. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(1, TimeUnit.MINUTES)) {
            kill();
        }
    }

    String out() {
        return read(out);
    }

    String err() {
        return read(err);
    }

    /** The lines of standard error that start with {@code Error:}. */
    List<String> errorLines() {
        return err().lines().filter(line -> line.startsWith("Error:")).toList();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
