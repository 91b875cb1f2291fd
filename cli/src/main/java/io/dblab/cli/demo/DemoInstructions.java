package io.dblab.cli.demo;

import io.dblab.client.model.Clone;
import java.io.PrintWriter;

/** What to do once the demo is up: connect to the clone, and drive the engine with the CLI. */
final class DemoInstructions {
    private DemoInstructions() {}

    static void print(PrintWriter out, String apiUrl, String token, Clone clone, String clonePassword) {
        out.printf("%nConnect to clone \"%s\" with psql:%n", clone.id());
        out.printf("  PGPASSWORD=%s psql \"%s\"%n", clonePassword, clone.db().connStr());
        out.printf("%nOr use the CLI against this engine:%n");
        out.printf("  ./dblab init --url %s --token %s%n", apiUrl, token);
        out.printf("  ./dblab clone list%n");
        // a fresh password, because the engine refuses weak ones and this line is meant to be pasted
        out.printf("  ./dblab clone create --username me --password '%s' --id mine%n", Secrets.password());
        out.printf("  ./dblab clone reset %s%n", clone.id());
        out.printf("  ./dblab clone destroy mine%n%n");
        out.flush();
    }
}
