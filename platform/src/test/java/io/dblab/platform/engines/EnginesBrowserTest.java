package io.dblab.platform.engines;

import static io.dblab.platform.testing.PlatformFixture.ADMIN_EMAIL;
import static io.dblab.platform.testing.PlatformFixture.ADMIN_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dblab.client.model.Clone;
import io.dblab.engine.EngineFixture;
import io.dblab.platform.testing.PlatformFixture;
import io.dblab.testkit.browser.Browser;
import java.sql.Connection;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The engine pages in Debian's chromium: an admin makes a registration key, a real engine dials in
 * with it, a clone is made (its password shown once), used over JDBC, reset and destroyed, and the
 * audit log tells it all without the password; the console stays free of errors.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EnginesBrowserTest {
    private static final String PASSWORD = "browser-clone-pass-4711";
    PlatformFixture platform;
    EngineFixture engine;
    Browser browser;

    @BeforeAll
    void start() {
        Browser.require();
        platform = PlatformFixture.start();
        browser = Browser.start();
    }

    @AfterAll
    void stop() {
        try {
            if (browser != null) {
                browser.close();
            }
            if (engine != null) {
                engine.close();
            }
        } finally {
            if (platform != null) {
                platform.close();
            }
        }
    }

    @Test
    void registerAnEngineThroughATunnelAndWorkWithAClone() throws Exception {
        browser.open(platform.url() + "/");
        find("#email").sendKeys(ADMIN_EMAIL);
        find("#password").sendKeys(ADMIN_PASSWORD);
        find("#signin button").click();
        find("#organizations a").click();
        find("nav a[href$='/engines']").click();

        find("#new-key-form input[name=name]").sendKeys("browser engine");
        find("#new-key-form button").click();
        String key = find("#new-key").getText();
        assertThat(key).startsWith(RegistrationKeys.PREFIX);
        String tunnelUrl = "ws://127.0.0.1:" + platform.platform().port() + "/tunnel";
        assertThat(find("#tunnel-config").getText()).contains("url: " + tunnelUrl).contains("key: " + key);
        assertThat(find("#connect-command").getText()).contains("--platform " + tunnelUrl);

        engine = EngineFixture.start(EngineFixture.Setup.logical(17620, 17629).withTunnel(tunnelUrl, key));
        String enginesPage = browser.driver().getCurrentUrl().replace("/tunnel", "");
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            browser.open(enginesPage);
            return find("#engines tr.engine .connection").getText().equals("connected");
        });
        assertThat(browser.driver().getPageSource()).as("the key was shown once").doesNotContain(key);
        assertThat(find("#engines tr.engine .status").getText()).isEqualTo("OK");
        assertThat(find("#engines tr.engine .disk").getText()).contains("GiB");
        find("#engines tr.engine .name a").click();

        find("#new-clone input[name=id]").sendKeys("from-browser");
        find("#new-clone input[name=username]").sendKeys("carol");
        find("#new-clone input[name=password]").sendKeys(PASSWORD);
        find("#new-clone button").click();
        assertThat(find("#clone-password").getText()).isEqualTo(PASSWORD);
        awaitCloneStatus("OK");
        Clone clone = engine.client().clone("from-browser");
        try (Connection db = EngineFixture.connect(clone, PASSWORD)) {
            assertThat(db.isValid(5)).isTrue();
        }

        find("#clone-from-browser form.reset button").click();
        find("#clones");
        assertThat(browser.driver().getPageSource()).as("shown once").doesNotContain(PASSWORD);
        awaitCloneStatus("OK");
        try (Connection db = EngineFixture.connect(engine.client().clone("from-browser"), PASSWORD)) {
            assertThat(db.isValid(5)).isTrue();
        }

        find("#clone-from-browser form.destroy button").click();
        await().atMost(Duration.ofSeconds(60)).until(() -> browser.driver().findElements(By.id("clone-from-browser")).isEmpty());
        EngineFixture.awaitGone(engine.client(), "from-browser");

        find("nav a[href$='/audit']").click();
        String audit = find("#audit").getText();
        assertThat(audit).contains("key.create", "tunnel.connect", "clone.create", "clone.reset", "clone.destroy", "from-browser")
                .doesNotContain(PASSWORD).doesNotContain(key);
        assertThat(browser.consoleErrors()).isEmpty();
    }

    /** The clones table refreshes itself (htmx) while a clone is on its way. */
    private void awaitCloneStatus(String status) {
        await().atMost(Duration.ofSeconds(90)).ignoreExceptions()
                .until(() -> find("#clone-from-browser .status").getText().equals(status)
                        && browser.driver().findElements(By.cssSelector("#clones.busy")).isEmpty());
    }

    private WebElement find(String css) {
        await().atMost(Duration.ofSeconds(30)).until(() -> !browser.driver().findElements(By.cssSelector(css)).isEmpty());
        return browser.driver().findElement(By.cssSelector(css));
    }
}
