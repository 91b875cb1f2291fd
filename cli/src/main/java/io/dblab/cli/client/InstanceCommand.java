package io.dblab.cli.client;

import io.dblab.cli.CommandGroup;
import io.dblab.cli.DblabCommand;
import io.dblab.client.model.Retrieval;
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
            dblab.json().print(dblab.client().status());
            return 0;
        }
        Retrieval result = RetrievalWatch.follow(dblab.client(), spec.commandLine().getOut(), Duration.ofMillis(500));
        return "failed".equals(result.status()) ? 1 : 0;
    }

    @Command(name = "version", description = "Print the engine's version and edition.")
    int version() {
        dblab.json().print(dblab.client().healthz());
        return 0;
    }

    @Command(name = "full-refresh", description = "Start a full refresh of the data; it runs in the background.")
    int fullRefresh() {
        dblab.json().print(dblab.client().fullRefresh());
        return 0;
    }
}
