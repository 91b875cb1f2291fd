package io.dblab.cli.client;

import io.dblab.cli.DblabCommand;
import io.dblab.client.CloneWaiter;
import io.dblab.client.DblabClient;
import io.dblab.client.model.Clone;
import io.dblab.client.model.CloneRequest;
import io.dblab.client.model.Status;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code dblab clone create}: asks for a clone and, unless --async, waits until it is ready or failed. */
@Command(name = "create", description = "Create a clone and wait until it is ready (or failed), unless --async.")
public final class CloneCreateCommand implements Callable<Integer> {
    /** Lets scripts pass the password without putting it on a command line others can see. */
    public static final String PASSWORD_ENV = "DBLAB_CLONE_PASSWORD";

    @ParentCommand
    private CloneCommand clones;

    @Spec
    private CommandSpec spec;

    @Option(names = "--username", required = true, paramLabel = "NAME",
            description = "database user to create in the clone")
    private String username;

    @Option(names = "--password", paramLabel = "PASSWORD",
            description = "that user's password (strong: at least 60 bits of entropy). Better set env "
                    + PASSWORD_ENV + " instead, so it stays out of shell history and the process list")
    private String password;

    @Option(names = "--restricted", description = "make the user a non-superuser that owns all objects")
    private boolean restricted;

    @Option(names = "--db-name", paramLabel = "DB", description = "database the user connects to")
    private String dbName;

    @Option(names = "--id", paramLabel = "CLONE_ID", description = "clone id (default: a generated one)")
    private String id;

    @Option(names = "--snapshot-id", paramLabel = "SNAPSHOT_ID",
            description = "snapshot to clone (default: the head of the branch)")
    private String snapshotId;

    @Option(names = "--branch", paramLabel = "BRANCH",
            description = "branch whose head to clone (default: the current branch, see 'dblab switch')")
    private String branch;

    @Option(names = {"-p", "--protected"}, arity = "0..1", paramLabel = Protection.LABEL,
            parameterConsumer = Protection.Consumer.class, description = Protection.DESCRIPTION)
    private Protection protection;

    @Option(names = {"-a", "--async"}, description = "return at once, while the clone is still being created")
    private boolean async;

    @Option(names = "--extra-config", paramLabel = "KEY=VALUE",
            description = "PostgreSQL setting for this clone; repeatable")
    private Map<String, String> extraConfig = new LinkedHashMap<>();

    @Override
    public Integer call() throws InterruptedException {
        DblabCommand dblab = clones.dblab();
        if (branch == null && snapshotId == null) {
            branch = dblab.currentBranch();
        }
        CloneRequest request = request(passwordFrom(dblab.env()));
        DblabClient client = dblab.client();
        Clone created = client.createClone(request);
        Clone clone = async ? created : new CloneWaiter(client).awaitStatusOtherThan(created.id(), Status.CREATING);
        CloneCommand.failIfFatal(clone, "creation");
        if (clone.branch() != null && !clone.branch().isEmpty()) {
            spec.commandLine().getOut().println(CreatedClone.describe(clone));
        } else {
            clones.printClone(client, clone.id());
        }
        return 0;
    }

    private String passwordFrom(Map<String, String> env) {
        String chosen = password != null ? password : env.get(PASSWORD_ENV);
        if (chosen == null || chosen.isEmpty()) {
            throw new ParameterException(spec.commandLine(),
                    "Missing required option: '--password=PASSWORD' (or set " + PASSWORD_ENV + ")");
        }
        return chosen;
    }

    private CloneRequest request(String chosenPassword) {
        return new CloneRequest(
                id,
                protection == null ? null : protection.isProtected(),
                protection == null ? null : protection.minutes(),
                new CloneRequest.DbRequest(username, chosenPassword, restricted ? Boolean.TRUE : null, dbName),
                snapshotId == null ? null : new CloneRequest.SnapshotRef(snapshotId),
                branch,
                extraConfig.isEmpty() ? null : extraConfig,
                null);
    }
}
