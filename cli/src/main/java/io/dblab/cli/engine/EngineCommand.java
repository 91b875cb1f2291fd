package io.dblab.cli.engine;

import io.dblab.cli.CommandGroup;
import io.dblab.cli.LogFile;
import io.dblab.cli.Serving;
import io.dblab.engine.Engine;
import io.dblab.serverkit.StartupException;
import io.dblab.engine.config.EngineConfig;
import io.dblab.engine.config.EngineConfigLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dblab engine run}: the engine itself, in this JVM. */
@Command(name = "engine", description = "Run a Database Lab Engine in this process.")
public final class EngineCommand extends CommandGroup {
    private static final Logger LOG = LoggerFactory.getLogger(EngineConfigLoader.class);

    @Command(name = "run", description = "Start the engine from a server.yml and serve until stopped (Ctrl-C or SIGTERM).")
    int runEngine(@Option(names = "--config", required = true, paramLabel = "FILE",
            description = "the engine's configuration (server.yml)") Path configFile,
                  @Option(names = "--debug", description = "with a start-up failure, print its stack trace as well as"
                          + " the one-line error") boolean debug) {
        Engine engine = start(configFile, debug);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("Database Lab Engine is running, API on port %d. Stop it with Ctrl-C.%n", engine.apiPort());
        out.flush();
        Serving.untilStopped(engine::close, "dblab-engine-shutdown");
        return 0;
    }

    /**
     * A reason the operator can act on (a configuration error, a missing tool, a port in use…) is an
     * {@link StartupException}: the error handler prints its one line; its stack trace only on
     * request. Anything else is a bug and keeps its stack trace.
     */
    private Engine start(Path configFile, boolean debug) {
        try {
            EngineConfigLoader.Loaded loaded = EngineConfigLoader.read(configFile);
            EngineConfig config = loaded.config();
            LogFile.attach(Path.of(config.stateDir()), "engine.log");
            // Before anything starts, once each: the keys of a reference server.yml that mean nothing here.
            loaded.warnings().forEach(warning -> LOG.warn("{}", warning));
            return Engine.start(config, configFile);
        } catch (StartupException e) {
            if (debug) {
                e.printStackTrace(spec.commandLine().getErr());
            }
            throw e;
        }
    }
}
