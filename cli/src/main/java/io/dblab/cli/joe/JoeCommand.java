package io.dblab.cli.joe;

import io.dblab.cli.CommandGroup;
import io.dblab.cli.DblabCommand;
import io.dblab.cli.JsonPrinter;
import io.dblab.cli.LogFile;
import io.dblab.cli.Serving;
import io.dblab.joe.Joe;
import io.dblab.joe.config.JoeConfig;
import io.dblab.joe.config.JoeConfigLoader;
import io.dblab.serverkit.StartupException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;

/**
 * {@code dblab joe run}: Joe, the SQL optimization assistant, in this JVM; and the commands a
 * person types in chat, sent to a running Joe ({@code dblab joe explain select …}).
 */
@Command(name = "joe", description = {"Joe, the SQL optimization assistant: run it, or send it a command.",
        "A command goes to the Joe at --joe (env JOE_URL) with the token in JOE_TOKEN; it prints Joe's answer"
                + " (--json: all of it) and exits 1 when the command failed. Quote SQL that the shell would change:"
                + " dblab joe explain \"select * from t where a > 1\"."})
public final class JoeCommand extends CommandGroup {
    @ParentCommand
    private DblabCommand parent;

    @Command(name = "run", description = {"Start Joe and serve its HTTP API until stopped (Ctrl-C or SIGTERM).",
            "Either --config joe.yml, or --engine and --db with the engine's token in DBLAB_TOKEN and Joe's API token"
                    + " in JOE_TOKEN (JOE_SESSION_KEY keeps sessions across restarts)."})
    int run(@Option(names = "--config", paramLabel = "FILE", description = "Joe's configuration (joe.yml)") Path configFile,
            @Option(names = "--engine", paramLabel = "URL", description = "the engine's API, like http://127.0.0.1:2345") String engine,
            @Option(names = "--db", paramLabel = "NAME", description = "the database each session's clone works on") String database,
            @Option(names = "--port", paramLabel = "N", description = "the API's port on 127.0.0.1 (default 2400)") Integer port,
            @Option(names = "--state-dir", paramLabel = "DIR", description = "sessions, history and audit log (default ~/.dblab/joe)")
            Path stateDir,
            @Option(names = "--debug", description = "with a start-up failure, print its stack trace as well as the one-line error")
            boolean debug) {
        JoeConfig config = config(configFile, engine, database, port, stateDir);
        Joe joe;
        try {
            LogFile.attach(Path.of(config.stateDir()), "joe.log");
            joe = Joe.start(config);
        } catch (StartupException e) {
            if (debug) {
                e.printStackTrace(spec.commandLine().getErr());
            }
            throw e;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("Joe is running, API on %s:%d, chat page at %s://%s:%d/chat. Stop it with Ctrl-C.%n", config.server().host(),
                joe.port(), config.server().tls().enabled() ? "https" : "http", config.server().host(), joe.port());
        out.flush();
        Serving.untilStopped(joe::close, "dblab-joe-shutdown");
        return 0;
    }

    /** The commands a person types in chat, one subcommand each: {@code dblab joe explain …}. */
    public static void addChatCommands(CommandLine joe) {
        for (ChatVerb verb : ChatVerb.values()) {
            joe.addSubcommand(verb.command, JoeChatCommand.line(verb));
        }
    }

    Map<String, String> env() {
        return parent.env();
    }

    JsonPrinter json() {
        return parent.json();
    }

    private JoeConfig config(Path configFile, String engine, String database, Integer port, Path stateDir) {
        if (configFile != null) {
            if (engine != null || database != null || port != null || stateDir != null) {
                throw new ParameterException(spec.commandLine(), "--config goes alone: set the engine, database, port"
                        + " and state directory in the file");
            }
            return JoeConfigLoader.load(configFile, parent.env());
        }
        if (engine == null || database == null) {
            throw new ParameterException(spec.commandLine(), "give --config joe.yml, or --engine URL and --db NAME");
        }
        return JoeConfigLoader.fromFlags(engine, database, port, stateDir == null ? null : stateDir.toString(), parent.env());
    }
}
