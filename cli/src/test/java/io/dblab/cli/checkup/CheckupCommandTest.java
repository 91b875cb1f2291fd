package io.dblab.cli.checkup;

import static org.assertj.core.api.Assertions.assertThat;

import io.dblab.cli.CliRun;
import io.dblab.testkit.FreePorts;
import io.dblab.testkit.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckupCommandTest {
    @TempDir
    Path dir;

    @Test
    void runWritesTheReportAndPrintsASummary() throws Exception {
        try (TestPostgres pg = TestPostgres.start()) {
            Path out = dir.resolve("report");
            CliRun run = CliRun.of(Map.of("PGPASSWORD", TestPostgres.PASSWORD, "HOME", dir.toString()),
                    "checkup", "run", "--conn", "postgresql://postgres@127.0.0.1:" + pg.port() + "/postgres",
                    "--project", "shop", "--out", out.toString(), "--checks", "A002,A010,L004,G001",
                    "--interval", "0s", "--ram", "8GiB");
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out()).contains("Checkup of shop: 1 host(s) (127.0.0.1:" + pg.port() + " primary 15.",
                    "4 check(s)", "Findings: P1 1, P2 ", "Report: " + out.resolve("report.html").toAbsolutePath());
            assertThat(out.resolve("report.html")).exists();
            assertThat(out.resolve("json/A010_data_checksums.json")).exists();
            assertThat(out.resolve("md/0_Full_report.md")).exists();

            // no password anywhere: the error says so
            CliRun noPassword = CliRun.of(Map.of("HOME", dir.toString()), "checkup", "run",
                    "--conn", "host=127.0.0.1 port=" + pg.port() + " user=postgres dbname=postgres",
                    "--project", "shop", "--out", dir.resolve("none").toString(), "--checks", "a010");
            assertThat(noPassword.exitCode()).isEqualTo(1);
            assertThat(noPassword.err()).contains("Error: no host could be reached",
                    "no password for postgres in PGPASSWORD or the password file");

            // a password file instead of PGPASSWORD; only json this time
            Path pgpass = dir.resolve(".pgpass");
            Files.writeString(pgpass, "127.0.0.1:" + pg.port() + ":*:postgres:" + TestPostgres.PASSWORD + "\n");
            Files.setPosixFilePermissions(pgpass, PosixFilePermissions.fromString("rw-------"));
            Path jsonOnly = dir.resolve("json-only");
            CliRun fromFile = CliRun.of(Map.of("HOME", dir.toString()), "checkup", "run",
                    "--conn", "host=127.0.0.1 port=" + pg.port() + " user=postgres dbname=postgres",
                    "--project", "shop", "--out", jsonOnly.toString(), "--checks", "a010", "--format", "json");
            assertThat(fromFile.exitCode()).as(fromFile.err()).isZero();
            assertThat(jsonOnly.resolve("json/A010_data_checksums.json")).exists();
            assertThat(jsonOnly.resolve("report.html")).doesNotExist();
            assertThat(jsonOnly.resolve("md")).doesNotExist();
        }
    }

    @Test
    void badArgumentsAndUnreachableHostsAreErrors() {
        Map<String, String> env = Map.of("HOME", dir.toString(), "PGPASSWORD", "x");
        String out = dir.resolve("o").toString();

        CliRun password = CliRun.of(env, "checkup", "run", "--conn", "postgresql://u:hunter2@127.0.0.1/db",
                "--project", "p", "--out", out);
        assertThat(password.exitCode()).isEqualTo(1);
        assertThat(password.err()).startsWith("Error: a password in --conn is not accepted").doesNotContain("hunter2");

        CliRun unknown = CliRun.of(env, "checkup", "run", "--conn", "host=127.0.0.1", "--project", "p", "--out", out,
                "--checks", "A002,Z999");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).startsWith("Error: unknown check 'Z999'; known checks: A002,");

        CliRun format = CliRun.of(env, "checkup", "run", "--conn", "host=127.0.0.1", "--project", "p", "--out", out,
                "--format", "pdf");
        assertThat(format.exitCode()).isEqualTo(1);
        assertThat(format.err()).startsWith("Error: unknown format 'pdf'");

        CliRun missing = CliRun.of(env, "checkup", "run", "--project", "p", "--out", out);
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).startsWith("Error: Missing required option: '--conn=URL'");

        int port = FreePorts.next();
        CliRun down = CliRun.of(env, "checkup", "run", "--conn", "host=127.0.0.1 port=" + port + " connect_timeout=2",
                "--project", "p", "--out", out, "--checks", "A002");
        assertThat(down.exitCode()).isEqualTo(1);
        assertThat(down.err()).contains("Error: no host could be reached; 127.0.0.1:" + port + ": ");
        assertThat(dir.resolve("o")).doesNotExist();
    }

    @Test
    void listsTheChecks() {
        CliRun list = CliRun.of(Map.of(), "checkup", "list");
        assertThat(list.exitCode()).isZero();
        assertThat(list.out()).contains("A002  Postgres version", "L003  Integer primary keys and sequences near overflow (primary only)");
    }
}
