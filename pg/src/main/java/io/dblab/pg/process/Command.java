package io.dblab.pg.process;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A child process to run to completion. Its environment is {@link ChildEnvironment}'s plus what
 * the command sets. Secrets never travel in the argument list, which every user reads through
 * /proc, nor in the environment, which whatever the child starts inherits: a password goes into a
 * private password file that exists only while the command runs ({@link #password}), other
 * secrets on standard input.
 */
public final class Command {
    /** How long a killed command's processes get to disappear. */
    private static final Duration KILL_WAIT = Duration.ofSeconds(30);
    /** The exit status of a process killed by SIGPIPE (128 + 13). */
    private static final int KILLED_BY_SIGPIPE = 141;
    private final List<String> args = new ArrayList<>();
    private final Map<String, String> env = new HashMap<>();
    private String stdin;
    private Path workDir;
    private Duration timeout = Duration.ofMinutes(10);
    private OsUser runAs;
    private PasswordFiles passwordFiles;
    private String password;

    private Command(List<String> args) {
        this.args.addAll(args);
    }

    public static Command of(String... args) {
        return new Command(List.of(args));
    }

    public static Command of(List<String> args) {
        return new Command(args);
    }

    public Command env(String name, String value) {
        env.put(name, value);
        return this;
    }

    public Command stdin(String input) {
        this.stdin = input;
        return this;
    }

    public Command workDir(Path dir) {
        this.workDir = dir;
        return this;
    }

    public Command timeout(Duration limit) {
        this.timeout = limit;
        return this;
    }

    /** Runs the command as this OS user (via runuser or setpriv) when the current process is root. */
    public Command asUser(OsUser user) {
        this.runAs = user;
        return this;
    }

    /**
     * Gives libpq this password in a password file ({@code PGPASSFILE}) of the OS user that runs the
     * command, written just before it starts and deleted when it ends.
     */
    public Command password(PasswordFiles files, String secret) {
        this.passwordFiles = files;
        this.password = secret;
        return this;
    }

    public List<String> argv() {
        List<String> wrapped = new ArrayList<>(runAs == null ? List.of() : runAs.switchCommand());
        wrapped.addAll(args);
        return wrapped;
    }

    /** Runs and returns the result whatever the exit code. */
    public CommandResult run() {
        List<PasswordFiles.PasswordFile> files = new ArrayList<>();
        try {
            Process process = startProcess(List.of(builder(files))).get(0);
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            ByteArrayOutputStream errors = new ByteArrayOutputStream();
            Thread outReader = drain(process.getInputStream(), output);
            Thread errReader = drain(process.getErrorStream(), errors);
            feed(process);
            awaitAll(List.of(process), List.of(outReader, errReader));
            return new CommandResult(process.exitValue(), output.toString(StandardCharsets.UTF_8),
                    errors.toString(StandardCharsets.UTF_8));
        } finally {
            files.forEach(PasswordFiles.PasswordFile::close);
        }
    }

    /**
     * Runs this command with its standard output piped into {@code next}'s standard input, the two
     * side by side (a kernel pipe: the data does not pass through this JVM), and returns
     * {@code next}'s output. This command's timeout applies to both. When both fail, this command's
     * error comes first: the other one usually only saw its input end; unless this one was killed
     * writing into the pipe that {@code next} no longer read, which only says that {@code next} failed.
     */
    public String pipeTo(Command next) {
        List<PasswordFiles.PasswordFile> files = new ArrayList<>();
        try {
            return pipeTo(next, files);
        } finally {
            files.forEach(PasswordFiles.PasswordFile::close);
        }
    }

    private String pipeTo(Command next, List<PasswordFiles.PasswordFile> files) {
        List<Process> processes = startProcess(List.of(builder(files), next.builder(files)));
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        ByteArrayOutputStream firstErrors = new ByteArrayOutputStream();
        ByteArrayOutputStream nextErrors = new ByteArrayOutputStream();
        List<Thread> readers = List.of(drain(processes.get(1).getInputStream(), output),
                drain(processes.get(0).getErrorStream(), firstErrors),
                drain(processes.get(1).getErrorStream(), nextErrors));
        feed(processes.get(0));
        awaitAll(processes, readers);
        CommandResult first = new CommandResult(processes.get(0).exitValue(), "", firstErrors.toString(StandardCharsets.UTF_8));
        CommandResult second = new CommandResult(processes.get(1).exitValue(), output.toString(StandardCharsets.UTF_8),
                nextErrors.toString(StandardCharsets.UTF_8));
        if (!first.ok() && !(first.exitCode() == KILLED_BY_SIGPIPE && !second.ok())) {
            throw new CommandFailedException(failure(first) + (second.ok() ? "" : "; " + next.failure(second)),
                    first.exitCode());
        }
        if (!second.ok()) {
            throw new CommandFailedException(next.failure(second), second.exitCode());
        }
        return second.output();
    }

    /**
     * Starts the command for a session with it: the caller writes its input, reads its output and
     * ends it. No timeout applies; its password file goes when the process ends.
     */
    public Process start() {
        List<PasswordFiles.PasswordFile> files = new ArrayList<>();
        try {
            Process process = startProcess(List.of(builder(files))).get(0);
            process.onExit().thenRun(() -> files.forEach(PasswordFiles.PasswordFile::close));
            return process;
        } catch (RuntimeException e) {
            files.forEach(PasswordFiles.PasswordFile::close);
            throw e;
        }
    }

    /** The process to start; a password file it needs is written now and added to {@code files}. */
    private ProcessBuilder builder(List<PasswordFiles.PasswordFile> files) {
        ProcessBuilder builder = new ProcessBuilder(argv());
        Map<String, String> environment = builder.environment();
        environment.clear();
        environment.putAll(ChildEnvironment.from(System.getenv()));
        environment.putAll(env);
        if (passwordFiles != null) {
            PasswordFiles.PasswordFile file = passwordFiles.create(runAs == null ? OsUser.current() : runAs, password);
            files.add(file);
            environment.put("PGPASSFILE", file.path().toString());
        }
        if (workDir != null) {
            builder.directory(workDir.toFile());
        }
        return builder;
    }

    private List<Process> startProcess(List<ProcessBuilder> builders) {
        try {
            return builders.size() == 1 ? List.of(builders.get(0).start()) : ProcessBuilder.startPipeline(builders);
        } catch (IOException e) {
            throw new CommandFailedException("cannot start " + args.get(0) + ": " + e.getMessage(), -1);
        }
    }

    private void feed(Process process) {
        try (OutputStream in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // the process closed its input early; its exit code and output tell why
        }
    }

    /** Waits, within the timeout, until every process has ended and their output has been read. */
    private void awaitAll(List<Process> processes, List<Thread> readers) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            for (Process process : processes) {
                if (!process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    processes.forEach(Command::destroyTree);
                    throw new CommandFailedException(args.get(0) + " did not finish within " + timeout, -1);
                }
            }
            for (Thread reader : readers) {
                reader.join(5000);
            }
        } catch (InterruptedException e) {
            // The caller is being stopped (the engine shuts down). Killing only the direct child left
            // what it started running: pg_dump's parallel workers, or the tool under runuser (e.g.
            // pg_basebackup), kept writing into the pool, which then could not be unmounted.
            processes.forEach(Command::destroyTree);
            Thread.currentThread().interrupt();
            throw new CommandFailedException(args.get(0) + " was interrupted", -1);
        }
    }

    /** Runs and fails with the output's tail when the exit code is not zero. */
    public String check() {
        CommandResult result = run();
        if (!result.ok()) {
            throw new CommandFailedException(failure(result), result.exitCode());
        }
        return result.output();
    }

    private String failure(CommandResult result) {
        return Path.of(args.get(0)).getFileName() + " failed (exit " + result.exitCode() + "): " + result.diagnostics();
    }

    /**
     * Kills the process and every process it started, then waits (bounded) until they are gone, so
     * that none of them still holds files when the caller goes on. A server that detached into a
     * session of its own (the postmaster that {@code pg_ctl start} launches) is not part of the
     * command: it is left running, to be stopped with {@code pg_ctl stop}.
     */
    private static void destroyTree(Process process) {
        long session = ProcessStat.session(process.pid());
        List<ProcessHandle> tree = new ArrayList<>(process.descendants()
                .filter(child -> session < 0 || ProcessStat.session(child.pid()) == session).toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroyForcibly);
        long deadline = System.nanoTime() + KILL_WAIT.toNanos();
        boolean interrupted = false;
        for (ProcessHandle member : tree) {
            while (member.isAlive() && System.nanoTime() < deadline) {
                try {
                    member.onExit().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    interrupted = true; // a second interrupt: the wait is bounded anyway
                } catch (ExecutionException | TimeoutException e) {
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread drain(InputStream from, ByteArrayOutputStream to) {
        Thread reader = new Thread(() -> {
            try (from) {
                from.transferTo(to);
            } catch (IOException ignored) {
                // the stream ends when the process ends
            }
        }, "command-output");
        reader.setDaemon(true);
        reader.start();
        return reader;
    }
}
