package io.dblab.cli.demo;

import io.dblab.cli.joe.JoeTarget;
import io.dblab.joe.Joe;
import io.dblab.joe.config.JoeConfig;
import io.dblab.joe.config.JoeConfigLoader;
import io.dblab.serverkit.StartupException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * Joe in the demo: on the demo's engine and its sample database, with a fresh API token. The token
 * goes into a file only its owner can read, and the instructions read it from there, so that it
 * appears on no command line and in no terminal scrollback.
 */
record DemoJoe(Joe joe, String url, Path tokenFile) implements AutoCloseable {
    /** A query on the sample data whose plan has something to say: no index, so a sequential scan for a few rows. */
    static final String EXAMPLE_SQL = "select * from orders where shipping_city = 'Berlin'";
    private static final String DATABASE = "postgres";

    static DemoJoe start(DemoWorkDir work, String engineUrl, String engineToken, int port, JoeConfig.Platform platform) {
        String token = Secrets.token();
        Path tokenFile = writePrivately(work.root().resolve("joe-token"), token);
        JoeConfig config = JoeConfigLoader.fromFlags(engineUrl, DATABASE, port, work.root().resolve("joe").toString(),
                Map.of(JoeConfigLoader.ENGINE_TOKEN_ENV, engineToken, JoeConfigLoader.JOE_TOKEN_ENV, token,
                        JoeConfigLoader.SESSION_KEY_ENV, Secrets.token()))
                .withPlatform(platform);
        Joe joe;
        try {
            joe = Joe.start(config);
        } catch (StartupException e) {
            // Joe's own advice names its --port, which in the demo is the engine's
            throw e.problem().startsWith("cannot listen")
                    ? new StartupException(e.problem(), "choose another --joe-port, or stop what uses it", e) : e;
        }
        return new DemoJoe(joe, "http://" + config.server().host() + ":" + joe.port(), tokenFile);
    }

    void printInstructions(PrintWriter out) {
        out.printf("Ask Joe, the SQL optimization assistant, on a clone of its own (plans and advice, never rows):%n");
        out.printf("  export %s=$(cat %s)%n", JoeTarget.TOKEN_ENV, tokenFile);
        out.printf("  ./dblab joe explain --joe %s \"%s\"%n", url, EXAMPLE_SQL);
        out.printf("  Chat page: %s/chat%n%n", url);
        out.flush();
    }

    /** Stops Joe; the clones of its sessions go with the demo's other clones. */
    @Override
    public void close() {
        joe.close();
    }

    private static Path writePrivately(Path file, String secret) {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, secret + "\n");
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write Joe's token to " + file + ": " + e.getMessage(), e);
        }
    }
}
