package io.dblab.cli.demo;

import io.dblab.cli.client.CloneCreateCommand;
import io.dblab.cli.config.ConnectionSettings;
import io.dblab.client.model.Clone;
import java.io.PrintWriter;

/** What to do once the demo is up: connect to the clone, and drive the engine with the CLI. */
final class DemoInstructions {
    private DemoInstructions() {}

    static void print(PrintWriter out, String apiUrl, String token, Clone clone, String clonePassword) {
        out.printf("%nConnect to clone \"%s\" with psql:%n", clone.id());
        out.printf("  PGPASSWORD=%s psql \"%s\"%n", clonePassword, clone.db().connStr());
        out.printf("%nOr use the CLI against this engine:%n");
        // secrets go in the environment variables the CLI reads, never in arguments others see in ps
        out.printf("  %s=%s ./dblab init --url %s%n", ConnectionSettings.TOKEN_ENV, token, apiUrl);
        out.printf("  ./dblab clone list%n");
        // a fresh password, because the engine refuses weak ones and this line is meant to be pasted
        out.printf("  %s=%s ./dblab clone create --username me --id mine%n", CloneCreateCommand.PASSWORD_ENV,
                Secrets.password());
        out.printf("  ./dblab clone reset %s%n", clone.id());
        out.printf("  ./dblab clone destroy mine%n%n");
        out.flush();
    }
}
