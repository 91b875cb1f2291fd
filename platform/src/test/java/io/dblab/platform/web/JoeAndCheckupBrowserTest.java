package io.dblab.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dblab.client.platform.PlatformApi;
import io.dblab.engine.EngineFixture;
import io.dblab.joe.Joe;
import io.dblab.joe.config.JoeConfig;
import io.dblab.joe.testing.JoeFixture;
import io.dblab.platform.testing.Orgs;
import io.dblab.platform.testing.PlatformFixture;
import io.dblab.platform.testing.Reports;
import io.dblab.testkit.TempDirs;
import io.dblab.testkit.TestPostgres;
import io.dblab.testkit.browser.Browser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Joe and checkup pages in Debian's chromium against a real Platform, a real Joe on a real engine and a
 * real checkup report: sign in, view the report in its sandboxed frame, see that a hostile report's script
 * did not run, send a Joe command and see the plan, read Joe's history; no console errors besides the
 * browser's own report of the blocked script.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JoeAndCheckupBrowserTest {
    private static final Duration ANSWER = Duration.ofMinutes(3);
    EngineFixture engine;
    PlatformFixture platform;
    Path stateDir;
    Joe joe;
    Browser browser;
    long org;
    String hostileReport;

    @BeforeAll
    void start() throws Exception {
        Browser.require();
        engine = EngineFixture.start(EngineFixture.Setup.logical(19710, 19719));
        platform = PlatformFixture.withSecretKey();
        org = Orgs.first(platform.platform());
        String token = Orgs.token(platform.platform(), org);
        stateDir = Files.createTempDirectory("dblab-joe-checkup-browser-");
        JoeConfig c = JoeFixture.config(engine, stateDir);
        joe = Joe.start(new JoeConfig(c.server(), c.engines(), c.channels(), c.sessions(), c.limits(), c.history(), c.audit(),
                c.strictMode(), c.insights(), c.stateDir(), null, new JoeConfig.Platform(platform.url(), token, "joe-web", null, null)));
        Path report = Files.createTempDirectory("dblab-checkup-report-");
        try (TestPostgres pg = TestPostgres.start()) {
            assertThat(Reports.sendDirectory(platform.url(), token, Reports.realReport(pg, "shop", report)).status()).isEqualTo(201);
        } finally {
            TempDirs.deleteRecursively(report);
        }
        PlatformApi.Reply hostile = Reports.send(platform.url(), token, Reports.upload("hostile", 1, 0, 0,
                "<html><head><title>hostile</title></head><body><p id=\"marker\">hostile report</p>"
                        + "<script>document.body.setAttribute('data-ran', 'yes'); parent.document.title = 'owned';</script>"
                        + "</body></html>"));
        hostileReport = "/orgs/" + org + "/checkups/" + io.dblab.client.Json.object(hostile.body()).orElseThrow().path("id").asLong();
        await().atMost(Duration.ofSeconds(60)).until(() -> !platform.platform().services().db()
                .list("SELECT id FROM joe_instances", row -> row.getLong(1)).isEmpty());
        browser = Browser.start();
    }

    @AfterAll
    void stop() throws Exception {
        JoeFixture.stopAll(joe, () -> {
            try (AutoCloseable b = browser; AutoCloseable p = platform) {
                // only closing
            }
        }, engine, stateDir);
    }

    @Test
    void signInViewACheckupReportSendAJoeCommandAndReadTheHistory() {
        browser.open(platform.url() + "/");
        find("#email").sendKeys(PlatformFixture.ADMIN_EMAIL);
        find("#password").sendKeys(PlatformFixture.ADMIN_PASSWORD);
        find("#signin button").click();
        find("#organizations a").click();

        find("nav a[href$='/checkups']").click();
        WebElement shop = browser.driver().findElements(By.cssSelector("#checkups tr.report")).stream()
                .filter(r -> r.getText().startsWith("shop")).findFirst().orElseThrow();
        assertThat(shop.findElement(By.cssSelector(".p1")).getText()).isEqualTo("1");
        shop.findElement(By.cssSelector("a.view")).click();
        browser.driver().switchTo().frame(find("#checkup-report"));
        assertThat(find("body").getText()).contains("shop");
        browser.driver().switchTo().defaultContent();
        assertThat(browser.consoleErrors()).isEmpty();

        // a hostile report: its script is blocked in the frame and at the top level, and the browser says so
        browser.open(platform.url() + hostileReport);
        String title = browser.driver().getTitle();
        browser.driver().switchTo().frame(find("#checkup-report"));
        assertThat(find("#marker").getText()).isEqualTo("hostile report");
        assertThat(find("body").getDomAttribute("data-ran")).isNull();
        browser.driver().switchTo().defaultContent();
        assertThat(browser.driver().getTitle()).isEqualTo(title).doesNotContain("owned");
        browser.open(platform.url() + hostileReport + "/report.html");
        assertThat(find("#marker").getText()).isEqualTo("hostile report");
        assertThat(find("body").getDomAttribute("data-ran")).isNull();
        assertThat(browser.driver().getTitle()).isEqualTo("hostile");
        assertThat(browser.consoleErrors()).isNotEmpty().allSatisfy(e -> assertThat(e).contains("Blocked script execution"));

        browser.open(platform.url() + "/orgs/" + org + "/joe");
        assertThat(find("#joe-instances").getText()).contains("joe-web");
        find("#joe-chat textarea[name=text]").sendKeys("explain select * from orders where total > 10");
        find("#joe-chat button").click();
        await().atMost(ANSWER).until(() -> !browser.driver().findElements(By.cssSelector("#joe-answer .joe-reply")).isEmpty());
        WebElement reply = find("#joe-answer .joe-reply");
        assertThat(reply.getAttribute("class")).as(reply.getText()).contains("ok");
        assertThat(reply.findElement(By.cssSelector("pre.text")).getText()).contains("Seq Scan on public.orders")
                .contains("Buffers");
        assertThat(browser.driver().getCurrentUrl()).as("htmx swapped the answer in").endsWith("/orgs/" + org + "/joe");

        find("nav a[href$='/joe/history']").click();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            browser.driver().navigate().refresh();
            return find("#joe-history").getText().contains(PlatformFixture.ADMIN_EMAIL);
        });
        assertThat(find("#joe-history tr.entry .command").getText()).isEqualTo("explain");
        assertThat(find("#joe-history tr.entry pre.typed").getText()).isEqualTo("explain select * from orders where total > 10");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    private WebElement find(String css) {
        await().atMost(Duration.ofSeconds(30)).until(() -> !browser.driver().findElements(By.cssSelector(css)).isEmpty());
        return browser.driver().findElement(By.cssSelector(css));
    }
}
