package io.dblab.engine.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dblab.client.model.Clone;
import io.dblab.engine.EngineFixture;
import io.dblab.testkit.browser.Browser;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebElement;

/**
 * The engine's UI in Debian's chromium against a real engine: sign in, create a clone with a password
 * typed into the page and connect to it with that password, protect it, reset it, destroy it after
 * confirming, take a snapshot; the console stays free of errors.
 */
class EngineUiBrowserTest {
    private static final String PASSWORD = "Ui-Browser-Pass-7730-frob";
    private static final Duration CLONE = Duration.ofMinutes(2);
    private static EngineFixture engine;
    private static Browser browser;

    @BeforeAll
    static void start() {
        Browser.require();
        engine = EngineFixture.start(EngineFixture.Setup.logical(17545, 17549));
        browser = Browser.start();
    }

    @AfterAll
    static void stop() {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            if (engine != null) {
                engine.close();
            }
        }
    }

    @Test
    void aPersonSignsInAndCreatesProtectsResetsAndDestroysAClone() throws Exception {
        browser.open("http://127.0.0.1:" + engine.apiPort() + "/ui");
        find("#token").sendKeys(EngineFixture.TOKEN);
        find("#signin button").click();
        find("#create");
        Cookie cookie = browser.driver().manage().getCookieNamed(EngineUi.COOKIE);
        assertThat(cookie.isHttpOnly()).isTrue();
        assertThat(cookie.getValue()).doesNotContain(EngineFixture.TOKEN);
        assertThat(browser.driver().getPageSource()).doesNotContain(EngineFixture.TOKEN);
        assertThat(find("#clones").getText()).contains("No clones yet");

        find("#create input[name=id]").sendKeys("typed1");
        find("#create input[name=username]").sendKeys("alice");
        find("#create input[name=password]").sendKeys(PASSWORD);
        find("#create button").click();
        awaitText(".notice", "Clone typed1 is being created");
        await("the form is emptied").atMost(Duration.ofSeconds(10))
                .until(() -> find("#create input[name=password]").getAttribute("value").isEmpty());
        awaitText("tr[data-id=typed1] .status", "OK");
        assertThat(browser.driver().getPageSource()).doesNotContain(PASSWORD);
        assertThat(text("tr[data-id=typed1] .connection")).contains("user=alice");

        Clone clone = engine.client().clone("typed1");
        try (Connection c = EngineFixture.connect(clone, PASSWORD)) {
            c.createStatement().execute("CREATE TABLE scratch (id int)");
        }

        click("tr[data-id=typed1] form.protect button");
        awaitText("tr[data-id=typed1] .protected", "yes");
        assertThat(engine.client().clone("typed1").isProtected()).isTrue();

        click("tr[data-id=typed1] form.reset button");
        awaitText(".notice", "Clone typed1 is being reset");
        awaitText("tr[data-id=typed1] .status", "OK");
        try (Connection c = EngineFixture.connect(engine.client().clone("typed1"), PASSWORD);
             ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM pg_class WHERE relname = 'scratch'")) {
            rs.next();
            assertThat(rs.getLong(1)).as("the reset took the table away; the typed password still opens the clone").isZero();
        }

        click("tr[data-id=typed1] form.unprotect button");
        awaitText("tr[data-id=typed1] .protected", "no");
        click("tr[data-id=typed1] form.destroy button");
        assertThat(browser.driver().switchTo().alert().getText()).contains("Destroy clone typed1?");
        browser.driver().switchTo().alert().accept();
        awaitText(".notice", "Clone typed1 is being destroyed");
        engine.awaitGone("typed1");
        awaitText("#clones", "No clones yet");

        find("nav a[href='/ui/snapshots']").click();
        int before = browser.driver().findElements(By.cssSelector("tr.snapshot")).size();
        click("#snapshot button");
        awaitText(".notice", "was created");
        assertThat(browser.driver().findElements(By.cssSelector("tr.snapshot"))).hasSize(before + 1);

        assertThat(browser.consoleErrors()).isEmpty();
        click("#signout button");
        find("#signin");
    }

    private void click(String css) {
        find(css).click();
    }

    private String text(String css) {
        return find(css).getText();
    }

    /** Waits until the element shows the text; htmx swaps the list in, and polls it while a clone is busy. */
    private void awaitText(String css, String text) {
        await().atMost(CLONE).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> browser.driver().findElement(By.cssSelector(css)).getText().contains(text));
    }

    private WebElement find(String css) {
        await().atMost(Duration.ofSeconds(30)).until(() -> !browser.driver().findElements(By.cssSelector(css)).isEmpty());
        return browser.driver().findElement(By.cssSelector(css));
    }
}
