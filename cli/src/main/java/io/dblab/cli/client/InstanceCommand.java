package io.dblab.cli.client;

import io.dblab.cli.CommandGroup;
import io.dblab.cli.DblabCommand;
import io.dblab.client.model.Retrieval;
import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code dblab instance}: the engine as a whole. */
@Command(name = "instance", description = "Show the engine's status and version; start a full refresh.")
public final class InstanceCommand extends CommandGroup {
    @ParentCommand
    private DblabCommand dblab;

    @Command(name = "status", description = "Print the engine's status: pools, clones, retrieval.")
    int status(@Option(names = "--watch", description = "follow retrieval with a progress bar until it is done")
               boolean watch) throws InterruptedException {
        if (!watch) {
            ReferenceOutput.print(out(), ReferenceShapes.INSTANCE_STATUS_VIEW, dblab.client().tree("GET", "/status", null));
            return 0;
        }
        Retrieval result = RetrievalWatch.follow(dblab.client(), out(), Duration.ofMillis(500));
        return "failed".equals(result.status()) ? 1 : 0;
    }

    @Command(name = "version", description = "Print the engine's version and edition.")
    int version() {
        ReferenceOutput.print(out(), ReferenceShapes.ENGINE, dblab.client().tree("GET", "/healthz", null));
        return 0;
    }

    @Command(name = "full-refresh", description = "Start a full refresh of the data; it runs in the background.")
    int fullRefresh() {
        out().println(dblab.client().fullRefresh().message());
        return 0;
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
