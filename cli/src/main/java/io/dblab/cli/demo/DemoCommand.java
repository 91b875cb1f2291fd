package io.dblab.cli.demo;

import io.dblab.cli.CommandFailedException;
import io.dblab.client.DblabClient;
import io.dblab.client.model.Clone;
import io.dblab.engine.Engine;
import io.dblab.engine.config.EngineConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code dblab demo}: Database Lab on this machine in one command. It starts a throwaway source
 * PostgreSQL with a sample shop database, an engine that retrieves it into a copy-on-write pool, and
 * a clone to connect to; at the end it undoes all of it. Each setup step is one method, registering
 * its own undo as soon as there is something to undo.
 */
@Command(name = "demo",
        description = {
            "Run a complete Database Lab on this machine: a source PostgreSQL with a sample database"
                    + " (about 300 MB), an engine that retrieves it into a copy-on-write pool, a clone"
                    + " to connect to, and Joe to ask about queries.",
            "Runs until Ctrl-C, then stops and deletes everything it started."})
public final class DemoCommand implements Callable<Integer> {
    private static final String CLONE_ID = "demo";
    private static final String CLONE_USER = "demo_user";
    private static final String API_HOST = "127.0.0.1";
    private static final Duration RETRIEVAL_END_LIMIT = Duration.ofMinutes(3);
    private static final Duration RETRIEVAL_POLL_INTERVAL = Duration.ofMillis(200);
    private static final Duration TUNNEL_LIMIT = Duration.ofSeconds(30);

    /** One step of the setup; {@link #call()} stops between steps when a signal came. */
    private interface SetupStep {
        void run() throws Exception;
    }

    @Spec
    private CommandSpec spec;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "directory for the pool image, the engine's state and the source's data; it must be empty"
                    + " or missing (default: a new temporary directory, deleted at the end)")
    private Path workDirOption;

    @Option(names = "--checkup-out", paramLabel = "DIR",
            description = "where the checkup report of the demo clone goes; it stays after the demo "
                    + "(default: a new directory under the temporary directory)")
    private Path checkupOut;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "2345",
            description = "port of the engine API (default: ${DEFAULT-VALUE})")
    private int apiPort;

    @Option(names = "--joe-port", paramLabel = "PORT", defaultValue = "2400",
            description = "port of Joe's API and chat page (default: ${DEFAULT-VALUE})")
    private int joePort;

    @Option(names = "--platform-port", paramLabel = "PORT", defaultValue = "8080",
            description = "port of the Platform's pages and API (default: ${DEFAULT-VALUE})")
    private int platformPort;

    @Option(names = "--scale", paramLabel = "FACTOR", defaultValue = "1.0",
            description = "multiplies the sample's row counts; 1 makes about 300 MB (default: ${DEFAULT-VALUE})")
    private double scale;

    @Option(names = "--exit-after", paramLabel = "SECONDS",
            description = "stop this many seconds after setup, 0 at once (default: run until Ctrl-C)")
    private Long exitAfterSeconds;

    private final CleanupSteps cleanup = new CleanupSteps();
    private PrintWriter out;
    private DemoWorkDir work;
    private SourcePostgres source;
    private String token;
    private String apiUrl;
    private DblabClient client;
    private Clone demoClone;
    private String demoPassword;
    private DemoJoe joe;
    private DemoPlatform platform;

    @Override
    public Integer call() {
        validateOptions();
        out = spec.commandLine().getOut();
        StopSignal stop = StopSignal.installForCurrentThread();
        boolean setUp = false;
        boolean cleanedUp;
        try {
            for (SetupStep step : setupSteps()) {
                stop.throwIfRequested();
                step.run();
            }
            setUp = true;
            awaitStop(stop);
        } catch (Exception e) {
            reportSetupFailure(e, stop);
        } finally {
            cleanedUp = cleanUp(stop);
        }
        return setUp && cleanedUp ? 0 : 1;
    }

    /** The setup in order; Joe, Checkup and the Platform join the demo as further steps here. */
    private List<SetupStep> setupSteps() {
        return List.of(
                this::prepareWorkDir,
                this::startPlatform,
                this::startSource,
                this::loadSampleData,
                this::startEngine,
                this::awaitTunnel,
                this::awaitFirstSnapshot,
                this::createDemoClone,
                this::writeCheckupReport,
                this::startJoe,
                this::printInstructions);
    }

    private void prepareWorkDir() {
        work = DemoWorkDir.prepare(workDirOption);
        cleanup.push("delete the demo's files in " + work.root(), work::delete);
        say("Work directory: %s", work.root());
    }

    private void startPlatform() {
        platform = DemoPlatform.start(work, platformPort);
        // pushed before the engine's steps, so it stops after them: the engine's tunnel ends first
        cleanup.push("stop the Platform and its database", platform::close);
        say("Platform running on %s with its own embedded PostgreSQL", platform.url());
    }

    private void startSource() {
        source = SourcePostgres.create(work.createServiceDir("source"));
        cleanup.push("stop the source PostgreSQL", source::stop);
        source.start();
        say("Source PostgreSQL running on port %d", source.port());
    }

    private void loadSampleData() {
        say("Loading the sample shop database into the source (scale %s):", scale);
        long started = System.nanoTime();
        String size = SampleData.load(source.psql(), scale, out);
        say("Sample database: %s, loaded in %s", size, secondsSince(started));
    }

    private void startEngine() throws IOException {
        token = Secrets.token();
        EngineConfig.Pool pool = DemoEngineConfig.choosePool(work);
        EngineConfig config = DemoEngineConfig.build(work, pool, apiPort, token, source.connStr(),
                platform.registerTunnelEngine());
        say("Starting the engine with a %s pool under %s", describe(pool), work.mountDir());
        Engine engine = Engine.start(config);
        cleanup.push("stop the engine (unmounts the pool)", engine::close);
        apiUrl = "http://" + API_HOST + ":" + engine.apiPort();
        client = new DblabClient(URI.create(apiUrl), token);
        // pushed after the engine's step, so they run before it: the pool unmounts only when nothing uses it
        cleanup.push("destroy all clones", () -> new DemoClones(client).destroyAll());
        cleanup.push("wait for a running retrieval to end", () -> awaitRetrievalEnd(engine));
        say("Engine API: %s (verification token: %s)", apiUrl, token);
    }

    private void awaitTunnel() throws IOException, InterruptedException {
        if (!platform.awaitEngineConnected(TUNNEL_LIMIT)) {
            throw new CommandFailedException("the engine did not connect to the demo's Platform through its tunnel within "
                    + TUNNEL_LIMIT.toSeconds() + " s (see the log above)");
        }
        say("Engine connected to the Platform through its tunnel (no port opened for it)");
    }

    private void awaitFirstSnapshot() throws InterruptedException {
        say("Retrieving the source into the pool (definitions, rows, indexes, snapshot):");
        long started = System.nanoTime();
        new RetrievalWatcher(client, out).awaitFirstSnapshot();
        say("Snapshot ready, retrieval took %s", secondsSince(started));
    }

    private void createDemoClone() throws InterruptedException {
        demoPassword = Secrets.password();
        long started = System.nanoTime();
        demoClone = new DemoClones(client).create(CLONE_ID, CLONE_USER, demoPassword);
        say("Clone \"%s\" is ready: created in %s (the engine's own count: %.2f s)", CLONE_ID, secondsSince(started),
                demoClone.metadata().cloningTime());
    }

    private void writeCheckupReport() throws IOException {
        Path dir = checkupOut != null ? checkupOut
                : Files.createTempDirectory("dblab-demo-checkup-");
        say("Health report of the clone (checkup, metadata only):");
        if (DemoCheckup.run(demoClone, demoPassword, dir, out) != 0) {
            throw new CommandFailedException("the checkup of the demo clone failed (see above)");
        }
        say("Report uploaded to the Platform: %s", platform.uploadCheckup(dir));
    }

    private void startJoe() {
        joe = DemoJoe.start(work, apiUrl, token, joePort, platform.joeLink());
        // pushed after "destroy all clones", so it runs before it: Joe's sessions' clones are among them
        cleanup.push("stop Joe", joe::close);
        say("Joe is running, API on %s", joe.url());
    }

    private void printInstructions() {
        DemoInstructions.print(out, apiUrl, token, demoClone, demoPassword);
        joe.printInstructions(out);
        platform.printInstructions(out);
    }

    private void awaitStop(StopSignal stop) throws InterruptedException {
        if (exitAfterSeconds == null) {
            say("The demo is running. Press Ctrl-C to stop it and clean up.");
            stop.await(null);
        } else {
            if (exitAfterSeconds > 0) {
                say("The demo is running; it stops in %d s (or at Ctrl-C).", exitAfterSeconds);
            }
            stop.await(Duration.ofSeconds(exitAfterSeconds));
        }
    }

    private boolean cleanUp(StopSignal stop) {
        stop.cleanupStarting();
        out.println();
        boolean cleanedUp = cleanup.runAll(out);
        say(cleanedUp ? "Demo stopped; everything cleaned up."
                : "Demo stopped, but some cleanup steps failed (see above).");
        stop.cleanupFinished();
        return cleanedUp;
    }

    /**
     * Stopping the engine in the middle of a retrieval can leave its restore server running in the
     * pool, which then cannot be unmounted; a retrieval ends soon at the demo's size, so wait for it.
     */
    private static void awaitRetrievalEnd(Engine engine) throws InterruptedException {
        long deadline = System.nanoTime() + RETRIEVAL_END_LIMIT.toNanos();
        while (engine.isRetrieving()) {
            if (System.nanoTime() > deadline) {
                throw new CommandFailedException("retrieval still running after " + RETRIEVAL_END_LIMIT.toMinutes()
                        + " minutes");
            }
            Thread.sleep(RETRIEVAL_POLL_INTERVAL.toMillis());
        }
    }

    private void reportSetupFailure(Exception e, StopSignal stop) {
        if (stop.requested()) {
            say("Stopping the demo.");
            return;
        }
        PrintWriter err = spec.commandLine().getErr();
        err.println("Demo failed: " + Messages.of(e));
        err.flush();
    }

    private void validateOptions() {
        if (!(scale > 0)) {
            throw new ParameterException(spec.commandLine(), "--scale must be more than 0, got " + scale);
        }
        if (apiPort < 1 || apiPort > 65535) {
            throw new ParameterException(spec.commandLine(), "--port must be 1..65535, got " + apiPort);
        }
        if (joePort < 1 || joePort > 65535 || joePort == apiPort) {
            throw new ParameterException(spec.commandLine(), "--joe-port must be 1..65535 and not the engine's --port, got "
                    + joePort);
        }
        if (platformPort < 1 || platformPort > 65535 || platformPort == apiPort || platformPort == joePort) {
            throw new ParameterException(spec.commandLine(), "--platform-port must be 1..65535 and not the engine's"
                    + " --port or --joe-port, got " + platformPort);
        }
        if (exitAfterSeconds != null && exitAfterSeconds < 0) {
            throw new ParameterException(spec.commandLine(), "--exit-after must be 0 or more, got " + exitAfterSeconds);
        }
    }

    private static String describe(EngineConfig.Pool pool) {
        return "btrfs".equals(pool.provider())
                ? "btrfs (" + DemoEngineConfig.POOL_IMAGE_SIZE + " sparse image " + pool.imageFile() + ", loop-mounted)"
                : "reflink (not root, or no mkfs.btrfs on PATH)";
    }

    private void say(String format, Object... args) {
        out.printf(format + "%n", args);
        out.flush();
    }

    private static String secondsSince(long startedNanos) {
        return String.format("%.1f s", (System.nanoTime() - startedNanos) / 1e9);
    }
}
