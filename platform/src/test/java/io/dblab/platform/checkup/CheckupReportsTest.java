package io.dblab.platform.checkup;

import static org.assertj.core.api.Assertions.assertThat;

import io.dblab.client.platform.PlatformApi;
import io.dblab.platform.audit.AuditEntry;
import io.dblab.platform.audit.AuditFilter;
import io.dblab.platform.testing.Orgs;
import io.dblab.platform.testing.PlatformFixture;
import io.dblab.platform.testing.Reports;
import io.dblab.platform.testing.WebClient;
import io.dblab.testkit.TempDirs;
import io.dblab.testkit.TestPostgres;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Checkup reports through a real Platform over HTTP: a real report of a real PostgreSQL uploaded, listed
 * per project with its counts and shown; hostile markup escaped in the list and served only sandboxed;
 * the size limit's 413; tokens that may not upload; another organization's reports are 404.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CheckupReportsTest {
    private static final Pattern REPORT_LINK = Pattern.compile("href=\"(/orgs/\\d+/checkups/\\d+)\"");
    PlatformFixture fixture;
    long org;
    String token;
    WebClient admin;

    @BeforeAll
    void start() {
        fixture = PlatformFixture.start();
        org = Orgs.first(fixture.platform());
        token = Orgs.token(fixture.platform(), org);
        admin = new WebClient(fixture.url());
        admin.signIn(PlatformFixture.ADMIN_EMAIL, PlatformFixture.ADMIN_PASSWORD);
    }

    @AfterAll
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void aRealReportIsUploadedListedAndShownInASandbox() throws Exception {
        Path dir = Files.createTempDirectory("dblab-checkup-report-");
        try (TestPostgres pg = TestPostgres.start()) {
            Reports.realReport(pg, "shop", dir);
            PlatformApi.Reply reply = Reports.sendDirectory(fixture.url(), token, dir);
            assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        } finally {
            TempDirs.deleteRecursively(dir);
        }
        HttpResponse<String> list = admin.get("/orgs/" + org + "/checkups?project=shop");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("<td class=\"project\">shop</td>").contains("<td class=\"p1\">1</td>");
        String page = link(list.body());
        HttpResponse<String> shown = admin.get(page);
        assertThat(shown.body()).contains("<iframe id=\"checkup-report\" class=\"report\" sandbox=\"\"");
        assertThat(shown.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("frame-src 'self'")
                .contains("script-src 'self'");
        HttpResponse<String> html = admin.get(page + "/report.html");
        assertThat(html.statusCode()).isEqualTo(200);
        assertThat(html.body()).contains("Checkup: shop");
        assertThat(html.headers().firstValue("Content-Security-Policy").orElseThrow()).startsWith("sandbox;")
                .contains("default-src 'none'").doesNotContain("script-src");
        assertThat(audit("checkup.upload")).anySatisfy(e -> assertThat(e.target()).isEqualTo("shop"));
    }

    @Test
    void hostileMarkupIsEscapedInTheListAndServedOnlySandboxed() {
        String script = "<script>document.title='owned'</script>";
        PlatformApi.Reply reply = Reports.send(fixture.url(), token, Reports.upload("evil" + script, 2, 0, 1,
                "<html><body><p id=marker>report</p>" + script + "<img src=x onerror=\"alert(1)\"></body></html>"));
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        HttpResponse<String> list = admin.get("/orgs/" + org + "/checkups");
        assertThat(list.body()).contains("evil&lt;script&gt;document.title='owned'&lt;/script&gt;")
                .doesNotContain(script);
        String html = "/orgs/" + org + "/checkups/" + Pattern.compile("\"id\":(\\d+)").matcher(reply.body()).results()
                .findFirst().orElseThrow().group(1) + "/report.html";
        HttpResponse<String> served = admin.get(html);
        assertThat(served.body()).contains(script);
        assertThat(served.headers().firstValue("Content-Security-Policy").orElseThrow()).startsWith("sandbox;");
        assertThat(served.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    }

    @Test
    void tooLargeWrongAndUnauthorizedUploadsAreRefused() {
        PlatformApi.Reply large = Reports.send(fixture.url(), token, Reports.upload("big", 0, 0, 0,
                "x".repeat(CheckupPart.MAX_UPLOAD_MIB * 1024 * 1024)));
        assertThat(large.status()).isEqualTo(413);
        assertThat(large.message()).isEqualTo("the report is larger than the limit of 16 MiB");

        PlatformApi.Reply noSummary = Reports.send(fixture.url(), token, "{\"json\": {\"A002_version.json\": {}}}");
        assertThat(noSummary.status()).isEqualTo(400);
        assertThat(noSummary.message()).contains("no 0_summary.json");

        assertThat(Reports.send(fixture.url(), "dbp_not-a-token", Reports.upload("p", 0, 0, 0, "")).status()).isEqualTo(401);
        PlatformApi.Reply personal = Reports.send(fixture.url(), Orgs.personalToken(fixture.platform(),
                PlatformFixture.ADMIN_EMAIL), Reports.upload("p", 0, 0, 0, ""));
        assertThat(personal.status()).isEqualTo(403);
        assertThat(personal.message()).contains("organization's API token");
    }

    @Test
    void anotherOrganizationsReportsAreNotFound() {
        PlatformApi.Reply reply = Reports.send(fixture.url(), token, Reports.upload("secret-project", 0, 1, 0, "<p>ours</p>"));
        String report = "/orgs/" + org + "/checkups/" + Pattern.compile("\"id\":(\\d+)").matcher(reply.body()).results()
                .findFirst().orElseThrow().group(1);
        long other = Orgs.withPerson(fixture.platform(), "Other", "mallory@example.com", "mallory-password-1234");
        WebClient mallory = new WebClient(fixture.url());
        mallory.signIn("mallory@example.com", "mallory-password-1234");
        for (String path : List.of("/orgs/" + org + "/checkups", report, report + "/report.html",
                "/orgs/" + other + "/checkups/" + report.substring(report.lastIndexOf('/') + 1),
                "/orgs/" + other + "/checkups/" + report.substring(report.lastIndexOf('/') + 1) + "/report.html")) {
            HttpResponse<String> answer = mallory.get(path);
            assertThat(answer.statusCode()).as(path).isEqualTo(404);
            assertThat(answer.body()).doesNotContain("secret-project").doesNotContain("ours");
        }
        assertThat(mallory.get("/orgs/" + other + "/checkups").body()).doesNotContain("secret-project");
    }

    private List<AuditEntry> audit(String action) {
        return fixture.platform().services().audit().read(org, new AuditFilter(null, null, null, action), 100);
    }

    private static String link(String page) {
        Matcher m = REPORT_LINK.matcher(page);
        assertThat(m.find()).as("a link to the report").isTrue();
        return m.group(1);
    }
}
