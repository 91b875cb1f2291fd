package io.dblab.platform.web;

import static io.dblab.platform.testing.PlatformFixture.ADMIN_EMAIL;
import static io.dblab.platform.testing.PlatformFixture.ADMIN_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dblab.platform.testing.PlatformFixture;
import io.dblab.testkit.browser.Browser;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebElement;

/**
 * The pages in Debian's chromium against a real Platform: sign in, make a token (shown once), revoke it
 * (htmx replaces its row), read the audit log; the console stays free of errors.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlatformBrowserTest {
    PlatformFixture fixture;
    Browser browser;

    @BeforeAll
    void start() {
        Browser.require();
        fixture = PlatformFixture.start();
        browser = Browser.start();
    }

    @AfterAll
    void stop() {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            if (fixture != null) {
                fixture.close();
            }
        }
    }

    @Test
    void signInCreateAndRevokeATokenAndReadTheAuditLog() {
        browser.open(fixture.url() + "/");
        find("#email").sendKeys(ADMIN_EMAIL);
        find("#password").sendKeys(ADMIN_PASSWORD);
        find("#signin button").click();
        assertThat(find("#organizations").getText()).contains(PlatformFixture.ORG);
        Cookie cookie = browser.driver().manage().getCookieNamed(Pages.COOKIE);
        assertThat(cookie.isHttpOnly()).isTrue();
        assertThat(cookie.getSameSite()).isEqualTo("Strict");
        assertThat(browser.driver().executeScript("return document.cookie")).as("HttpOnly: no script reads it").isEqualTo("");

        find("#organizations a").click();
        find("nav a[href$='/tokens']:not([href='/tokens'])").click();
        find("#new-token-form input[name=name]").sendKeys("ci pipeline");
        find("#new-token-form button").click();
        String token = find("#new-token").getText();
        assertThat(token).startsWith("dbp_");
        WebElement row = find("#tokens tr.token");
        assertThat(row.getText()).contains("ci pipeline").contains(token.substring(0, 12)).doesNotContain(token)
                .contains("active");

        browser.open(browser.driver().getCurrentUrl());
        find("#tokens tr.token");
        assertThat(browser.driver().getPageSource()).as("shown once").doesNotContain(token);
        assertThat(browser.driver().findElements(By.id("new-token"))).isEmpty();

        find("#tokens tr.token button").click();
        await().atMost(Duration.ofSeconds(30)).until(() -> find("#tokens tr.token .state").getText().equals("revoked"));
        assertThat(browser.driver().findElements(By.cssSelector("#tokens tr.token button"))).as("nothing left to revoke").isEmpty();

        find("nav a[href$='/audit']").click();
        WebElement audit = find("#audit");
        assertThat(audit.getText()).contains("signin").contains("token.create").contains("token.revoke").contains("ci pipeline")
                .doesNotContain(token);
        find("#audit-filter input[name=action]").sendKeys("token.revoke");
        find("#audit-filter button").click();
        await().atMost(Duration.ofSeconds(30)).until(() -> browser.driver().getCurrentUrl().contains("action=token.revoke"));
        assertThat(find("#audit").findElements(By.cssSelector("tr.entry"))).singleElement()
                .satisfies(e -> assertThat(e.getText()).contains("token.revoke").contains(ADMIN_EMAIL));
        assertThat(find("#export-csv").getAttribute("href")).endsWith("/audit.csv?action=token.revoke");

        assertThat(browser.consoleErrors()).isEmpty();
        find("#signout button").click();
        find("#signin");
    }

    private WebElement find(String css) {
        await().atMost(Duration.ofSeconds(30)).until(() -> !browser.driver().findElements(By.cssSelector(css)).isEmpty());
        return browser.driver().findElement(By.cssSelector(css));
    }
}
