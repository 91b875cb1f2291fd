package io.dblab.engine.masking;

import io.dblab.pg.process.Command;
import io.dblab.pg.process.CommandResult;
import io.dblab.pg.server.LocalServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Runs the rules file's scripts in order after the rules. SQL runs in a quiet session like the
 * rules (but with triggers on: a script is ordinary work). A shell script runs as the engine's
 * user with PGHOST, PGPORT, PGUSER and PGDATABASE pointing at the private server's socket;
 * its output is not kept or logged, since it may print data.
 */
final class ScriptRunner {
    private final PrivateSql sql;
    private final LocalServer server;
    private final Path workDir;

    ScriptRunner(PrivateSql sql, LocalServer server, Path workDir) {
        this.sql = sql;
        this.server = server;
        this.workDir = workDir;
    }

    void run(List<MaskingScript> scripts) {
        for (MaskingScript script : scripts) {
            String what = "masking script " + script.number();
            if (script.kind() == MaskingScript.Kind.SQL) {
                sql.run(script.database(), script.text(), what);
            } else {
                shell(script, what);
            }
        }
    }

    private void shell(MaskingScript script, String what) {
        CommandResult result = Command.of("sh", "-c", script.text())
                .workDir(workDir)
                .env("PGHOST", server.socketDir().toString())
                .env("PGPORT", Integer.toString(server.port()))
                .env("PGUSER", "postgres")
                .env("PGDATABASE", script.database())
                // The rewrite finds the tables a script changed by their counters: keep them counting
                // even if a restored role setting turned counting off.
                .env("PGOPTIONS", "-c track_counts=on")
                .timeout(Duration.ofHours(24))
                .run();
        if (!result.ok()) {
            throw new MaskingFailedException(what + " (shell) failed with exit code " + result.exitCode());
        }
    }
}
