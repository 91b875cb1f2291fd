package io.dblab.cli.platform;

import io.dblab.cli.CommandGroup;
import io.dblab.cli.DblabCommand;
import io.dblab.cli.Serving;
import io.dblab.platform.auth.Passwords;
import io.dblab.platform.config.PlatformConfig;
import io.dblab.platform.config.PlatformConfigLoader;
import io.dblab.platform.server.Platform;
import io.dblab.serverkit.StartupException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code dblab platform run} serves the Platform; {@code dblab platform create-admin} makes an organization's first owner. */
@Command(name = "platform", description = {"The Platform: one place to sign in, steer engines and read the audit log.",
        "Configured by platform.yml; without a database URL there it runs its own PostgreSQL."})
public final class PlatformCommand extends CommandGroup {
    @ParentCommand
    private DblabCommand parent;

    @Command(name = "run", description = "Start the Platform and serve its pages and API until stopped (Ctrl-C or SIGTERM).")
    int run(@Option(names = "--config", required = true, paramLabel = "FILE", description = "the Platform's configuration (platform.yml)")
            Path configFile,
            @Option(names = "--debug", description = "with a start-up failure, print its stack trace as well as the one-line error")
            boolean debug) {
        PlatformConfig config = PlatformConfigLoader.load(configFile, parent.env());
        Platform platform = withTrace(debug, () -> Platform.start(config, directoryOf(configFile), parent.env()));
        PrintWriter out = spec.commandLine().getOut();
        out.printf("The Platform is running at %s://%s:%d/. Stop it with Ctrl-C.%n",
                config.server().tls().enabled() ? "https" : "http", config.server().host(), platform.port());
        out.flush();
        Serving.untilStopped(platform::close, "dblab-platform-shutdown");
        return 0;
    }

    @Command(name = "create-admin", description = {"Make an organization and its first owner.",
            "The password is read from standard input with --password-stdin; otherwise one is made and printed once."})
    int createAdmin(@Option(names = "--config", required = true, paramLabel = "FILE", description = "platform.yml") Path configFile,
                    @Option(names = "--email", required = true, paramLabel = "EMAIL", description = "the owner's email") String email,
                    @Option(names = "--org", required = true, paramLabel = "NAME", description = "the organization's name") String org,
                    @Option(names = "--password-stdin", description = "read the password from the first line of standard input")
                    boolean passwordStdin,
                    @Option(names = "--debug", description = "with a failure, print its stack trace as well") boolean debug) {
        PlatformConfig config = PlatformConfigLoader.load(configFile, parent.env());
        String password = passwordStdin ? readPassword() : Passwords.generate();
        withTrace(debug, () -> {
            Platform.createAdmin(config, directoryOf(configFile), email, org, password);
            return null;
        });
        PrintWriter out = spec.commandLine().getOut();
        out.printf("Created organization \"%s\" with owner %s.%n", org.strip(), email.strip());
        if (!passwordStdin) {
            out.printf("Password (shown this once): %s%n", password);
        }
        out.flush();
        return 0;
    }

    private <T> T withTrace(boolean debug, Supplier<T> action) {
        try {
            return action.get();
        } catch (StartupException e) {
            if (debug) {
                e.printStackTrace(spec.commandLine().getErr());
            }
            throw e;
        }
    }

    private static String readPassword() {
        try {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (line == null || line.isEmpty()) {
                throw new StartupException("no password on standard input", "pipe it in: printf '%s\\n' \"$PASSWORD\" | dblab platform create-admin …");
            }
            return line;
        } catch (IOException e) {
            throw new StartupException("cannot read the password from standard input (" + e.getMessage() + ")", "");
        }
    }

    private static Path directoryOf(Path configFile) {
        Path parent = configFile.toAbsolutePath().getParent();
        return parent == null ? Path.of("/") : parent;
    }
}
