package io.dblab.cli;

import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine;

/** Entry point of the {@code dblab} command and of the runnable jar. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        int exitCode = run(args, System.out, System.err, System.getenv());
        endHttpClientSelectors();
        System.exit(exitCode);
    }

    /**
     * At exit the JVM waits up to 300 ms for threads that are in native code, and the JDK's HTTP
     * client keeps its selector thread in {@code epoll_wait}: a third of a short command's time. Java
     * 17's client cannot be closed ({@code close()} came in Java 21); interrupting that thread ends
     * its loop. Nothing uses the client after the command has run.
     */
    private static void endHttpClientSelectors() {
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith("HttpClient-") && thread.getName().endsWith("-SelectorManager")) {
                thread.interrupt();
                try {
                    thread.join(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /**
     * Runs one command and returns its exit code: 0 on success, 1 when the engine or the
     * environment says no, 2 for a malformed command line. Streams and environment are parameters
     * so that tests run commands in-process exactly as the jar does.
     */
    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        PrintWriter outWriter = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        PrintWriter errWriter = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        CommandLine cli = CommandTree.forArgs(args, env)
                .setOut(outWriter)
                .setErr(errWriter)
                .setExecutionExceptionHandler(new ErrorHandler())
                .setParameterExceptionHandler(new UsageErrorHandler());
        try {
            return cli.execute(args);
        } finally {
            outWriter.flush();
            errWriter.flush();
        }
    }
}
