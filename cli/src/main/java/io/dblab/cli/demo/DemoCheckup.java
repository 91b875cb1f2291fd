package io.dblab.cli.demo;

import io.dblab.cli.Main;
import io.dblab.client.model.Clone;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs {@code dblab checkup run} against the demo clone, exactly as a user would, and passes on what
 * it printed (the summary and where the HTML report is). The clone's password goes in PGPASSWORD.
 * With {@code --clone}: the clone's server configuration is the engine's (small shared_buffers, a
 * fresh cluster made by logical retrieval), so findings about it would say nothing about the sample.
 */
final class DemoCheckup {
    private DemoCheckup() {}

    /** Returns the checkup's exit code. */
    static int run(Clone clone, String password, Path outDir, PrintWriter out) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("PGPASSWORD", password);
        String conn = "postgresql://" + clone.db().username() + "@127.0.0.1:" + clone.db().port() + "/" + clone.db().dbName();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream stream = new PrintStream(printed, true, StandardCharsets.UTF_8);
        int exit = Main.run(new String[] {"checkup", "run", "--conn", conn, "--project", "demo",
                "--out", outDir.toString(), "--interval", "5s", "--clone"}, stream, stream, env);
        printed.toString(StandardCharsets.UTF_8).lines().forEach(line -> out.println("  " + line));
        out.flush();
        return exit;
    }
}
