package io.dblab.cli.client;

import io.dblab.cli.DblabCommand;
import io.dblab.client.model.DataStateAt;
import io.dblab.client.model.LogEntry;
import java.io.PrintWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code dblab log [BRANCH]}: the branch's snapshots from its head back, in the reference CLI's
 * layout (like {@code git log}): id, the branches whose head it is, data time, message. The reference
 * reads the data time as UTC and prints it RFC 1123 style in the offset it was given.
 */
@Command(name = "log", description = "Show the snapshots of a branch, newest first (default: the current branch).")
public final class LogCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    /** The message the engine gives a snapshot nobody described; the reference leaves it out. */
    private static final String NO_MESSAGE = "-";

    @ParentCommand
    private DblabCommand dblab;

    @Spec
    private CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "BRANCH_NAME", description = "the branch (default: the current one)")
    private String branch;

    @Override
    public Integer call() {
        String name = branch != null ? branch : dblab.currentBranch();
        PrintWriter out = spec.commandLine().getOut();
        for (LogEntry entry : dblab.client().branchLog(name)) {
            String heads = entry.branch() == null || entry.branch().isEmpty() ? ""
                    : "(HEAD -> " + String.join(", ", entry.branch()) + ")";
            // the reference's template keeps the space before the heads even when there are none
            out.print("snapshot " + entry.id() + " " + heads + "\n");
            out.print("DataStateAt: " + formatTime(entry.dataStateAt()));
            String message = entry.message();
            if (message != null && !message.isEmpty() && !message.equals(NO_MESSAGE)) {
                out.print("\n    " + message);
            }
            out.print("\n\n");
        }
        out.flush();
        return 0;
    }

    /** As the reference's CLI: a data time it cannot read prints as nothing. */
    private static String formatTime(String dataStateAt) {
        return DataStateAt.parse(dataStateAt).map(TIME::format).orElse("");
    }
}
