package io.dblab.cli.checkup;

import static org.assertj.core.api.Assertions.assertThat;

import io.dblab.cli.CliRun;
import io.dblab.platform.auth.ApiTokens;
import io.dblab.platform.auth.Principal;
import io.dblab.platform.config.PlatformConfig;
import io.dblab.platform.config.PlatformConfigLoader;
import io.dblab.platform.server.Platform;
import io.dblab.testkit.FreePorts;
import io.dblab.testkit.PostgresProcesses;
import io.dblab.testkit.Requirements;
import io.dblab.testkit.TempDirs;
import io.dblab.testkit.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code dblab checkup upload} of what a real {@code dblab checkup run} wrote about a real PostgreSQL, to a
 * real Platform over HTTP, and its errors: no report directory, a refused token, a Platform that is not there.
 */
class CheckupUploadTest {
    private static final String EMAIL = "owner@example.com";
    Path dir;
    Platform platform;
    String token;

    @BeforeEach
    void startPlatform() {
        Requirements.requirePostgres();
        try {
            dir = Files.createTempDirectory("dblab-checkup-upload-", PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx--x--x")));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        PlatformConfig config = PlatformConfigLoader.parse("server: {port: " + FreePorts.next() + "}\ndatabase: {dataDir: db}\n",
                Map.of());
        Platform.createAdmin(config, dir, EMAIL, "Acme", "owner-password-12345");
        platform = Platform.start(config, dir, Map.of());
        long user = platform.services().users().byEmail(EMAIL).orElseThrow().id();
        long org = platform.services().organizations().of(Principal.user(user, EMAIL)).get(0).organization().id();
        token = platform.services().tokens().create(ApiTokens.Owner.organization(org), "checkup", 30, user).secret();
    }

    @AfterEach
    void stopPlatform() {
        try {
            if (platform != null) {
                platform.close();
            }
        } finally {
            PostgresProcesses.stopAllUnder(dir);
            TempDirs.deleteRecursively(dir);
        }
    }

    @Test
    void aRealReportIsUploadedAndListed() {
        Path out = dir.resolve("report");
        try (TestPostgres pg = TestPostgres.start()) {
            CliRun run = CliRun.of(Map.of("PGPASSWORD", TestPostgres.PASSWORD, "HOME", dir.toString()), "checkup", "run",
                    "--conn", "postgresql://postgres@127.0.0.1:" + pg.port() + "/postgres", "--project", "shop",
                    "--out", out.toString(), "--checks", "A002,A010,L004,G001", "--interval", "0s", "--ram", "8GiB");
            assertThat(run.exitCode()).as(run.err()).isZero();
        }
        CliRun upload = CliRun.of(Map.of(), "checkup", "upload", "--platform", url(), "--token", token, out.toString());
        assertThat(upload.exitCode()).as(upload.err()).isZero();
        assertThat(upload.out()).startsWith("Uploaded the checkup of shop: " + url() + "/orgs/");
        List<String> rows = platform.services().db().list("SELECT project || ' p1=' || p1 || ' html=' || (html LIKE"
                + " '%<title>Checkup: shop</title>%') || ' files=' || (SELECT count(*) FROM jsonb_object_keys(json_files))"
                + " FROM checkup_reports", row -> row.getString(1));
        assertThat(rows).singleElement().asString().startsWith("shop p1=1 html=true files=5");

        // the token from the environment works as well
        CliRun fromEnv = CliRun.of(Map.of("DBLAB_PLATFORM_TOKEN", token), "checkup", "upload", "--platform", url(), out.toString());
        assertThat(fromEnv.exitCode()).as(fromEnv.err()).isZero();
    }

    @Test
    void aMissingDirectoryARefusedTokenAndAnUnreachablePlatformAreClearErrors() throws Exception {
        CliRun missing = CliRun.of(Map.of(), "checkup", "upload", "--platform", url(), "--token", token,
                dir.resolve("nothing").toString());
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).startsWith("Error: " + dir.resolve("nothing") + " is not a directory");

        Path empty = Files.createDirectory(dir.resolve("empty"));
        CliRun noReport = CliRun.of(Map.of(), "checkup", "upload", "--platform", url(), "--token", token, empty.toString());
        assertThat(noReport.exitCode()).isEqualTo(1);
        assertThat(noReport.err()).contains("holds no json/0_summary.json");

        Path report = dir.resolve("report");
        Files.createDirectories(report.resolve("json"));
        Files.writeString(report.resolve("json/0_summary.json"), "{\"project\": \"p\", \"timestamptz\": \"2026-03-01T09:00:00Z\","
                + " \"p1\": 0, \"p2\": 0, \"p3\": 0}");
        CliRun refused = CliRun.of(Map.of(), "checkup", "upload", "--platform", url(), "--token", "dbp_revoked-or-wrong",
                report.toString());
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).startsWith("Error: the Platform refused the token");

        int nothing = FreePorts.next();
        CliRun unreachable = CliRun.of(Map.of(), "checkup", "upload", "--platform", "http://127.0.0.1:" + nothing, "--token",
                token, report.toString());
        assertThat(unreachable.exitCode()).isEqualTo(1);
        assertThat(unreachable.err()).startsWith("Error: cannot reach the Platform at http://127.0.0.1:" + nothing
                + ": connection refused");
        assertThat(unreachable.err() + refused.err()).doesNotContain(token);

        CliRun noToken = CliRun.of(Map.of(), "checkup", "upload", "--platform", url(), report.toString());
        assertThat(noToken.exitCode()).isEqualTo(1);
        assertThat(noToken.err()).startsWith("Error: give the Platform's token with --token or DBLAB_PLATFORM_TOKEN");
    }

    private String url() {
        return "http://127.0.0.1:" + platform.port();
    }
}
