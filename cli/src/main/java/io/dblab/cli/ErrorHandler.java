package io.dblab.cli;

import io.dblab.client.DblabApiException;
import io.dblab.serverkit.StartupException;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns the failures a user can act on (the engine's answer, an unreachable engine, a bad setting,
 * an unwritable file, a reason an engine cannot start) into one {@code Error: <message>} line and
 * exit code 1. Anything else is a bug
 * in the CLI, and picocli's default handling keeps its stack trace.
 */
final class ErrorHandler implements IExecutionExceptionHandler {
    static final int EXIT_FAILURE = 1;

    @Override
    public int handleExecutionException(Exception ex, CommandLine command, ParseResult parseResult) throws Exception {
        if (ex instanceof DblabApiException
                || ex instanceof CommandFailedException
                || ex instanceof StartupException
                || ex instanceof IllegalArgumentException
                || ex instanceof UncheckedIOException) {
            command.getErr().println("Error: " + ex.getMessage());
            command.getErr().flush();
            return EXIT_FAILURE;
        }
        throw ex;
    }
}
