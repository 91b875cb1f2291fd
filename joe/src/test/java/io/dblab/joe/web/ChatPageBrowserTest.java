package io.dblab.joe.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dblab.engine.EngineFixture;
import io.dblab.joe.Joe;
import io.dblab.joe.testing.JoeFixture;
import io.dblab.testkit.browser.Browser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebElement;

/**
 * The chat page in Debian's chromium against a real Joe and a real engine: sign-in, commands typed in
 * the page, the answers with their insights and flame graph, escaping, and a console without errors.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChatPageBrowserTest {
    /** The first command of a session makes its clone, which takes a while. */
    private static final Duration ANSWER = Duration.ofMinutes(3);
    EngineFixture engine;
    Path stateDir;
    Joe joe;
    Browser browser;

    @BeforeAll
    void start() throws Exception {
        Browser.require();
        engine = EngineFixture.start(EngineFixture.Setup.logical(19460, 19464));
        stateDir = Files.createTempDirectory("dblab-chat-browser-");
        joe = JoeFixture.start(JoeFixture.config(engine, stateDir));
        browser = Browser.start();
    }

    @AfterAll
    void stop() throws Exception {
        JoeFixture.stopAll(joe, browser, engine, stateDir);
    }

    @Test
    void aPersonSignsInRunsCommandsAndSeesThePlanInsightsAndFlameGraph() {
        browser.open("http://127.0.0.1:" + joe.port() + "/");
        assertThat(browser.driver().getCurrentUrl()).endsWith("/chat");

        signIn("not-the-token");
        assertThat(find(".signin .problem").getText()).contains("That is not Joe's token");
        assertThat(browser.consoleErrors()).as("the refused sign-in's 401, and nothing else")
                .singleElement().asString().contains("/chat/signin").contains("401");

        signIn(JoeFixture.TOKEN);
        find("#command");
        Cookie cookie = browser.driver().manage().getCookieNamed(ChatPage.COOKIE);
        assertThat(cookie.isHttpOnly()).isTrue();
        assertThat(cookie.getSameSite()).isEqualTo("Strict");
        assertThat(cookie.getValue()).doesNotContain(JoeFixture.TOKEN);
        assertThat(browser.driver().executeScript("return document.cookie")).as("HttpOnly: no script reads it").isEqualTo("");
        assertThat(browser.driver().getPageSource()).doesNotContain(JoeFixture.TOKEN);
        find("input[name=user]").sendKeys("web-alice");

        WebElement explain = run("explain select * from orders where total > 10", 1);
        assertThat(explain.findElement(By.cssSelector("pre.text")).getText()).contains("Seq Scan on public.orders")
                .contains("actual time=").contains("Buffers");
        List<WebElement> insights = explain.findElements(By.cssSelector(".insight"));
        assertThat(insights).isNotEmpty();
        assertThat(insights.get(0).findElement(By.cssSelector(".finding")).getText()).isNotBlank();
        assertThat(insights.get(0).findElement(By.cssSelector(".explanation")).getText()).isNotBlank();
        assertThat(insights.get(0).findElement(By.cssSelector(".fix")).getText()).startsWith("Fix: ");
        WebElement flameGraph = explain.findElement(By.cssSelector(".flame-graph img"));
        assertThat(flameGraph.getAttribute("src")).contains("/chat/flamegraphs/");
        await().atMost(Duration.ofSeconds(30)).until(() -> Boolean.TRUE.equals(browser.driver().executeScript(
                "return arguments[0].complete && arguments[0].naturalWidth > 0", flameGraph)));
        assertThat(find("input[name=text]").getAttribute("value")).as("the input is cleared for the next command").isEmpty();

        WebElement describe = run("\\d orders", 2);
        assertThat(describe.findElement(By.cssSelector("pre.text")).getText()).contains("Table \"public.orders\"")
                .contains("customer_id");

        String markup = "<b id=\"injected\">bold</b><script>document.title = \"pwned\"</script>";
        WebElement escaped = run("explain select '" + markup + "'::text as x", 3);
        assertThat(escaped.findElement(By.cssSelector(".typed code")).getText()).contains(markup);
        assertThat(escaped.findElement(By.cssSelector("pre.text")).getText()).contains("<script>document.title");
        assertThat(browser.driver().findElements(By.id("injected"))).as("shown as text, never as markup").isEmpty();
        assertThat(browser.driver().getTitle()).isEqualTo("Joe");

        assertThat(browser.consoleErrors()).isEmpty();
        find("#signout button").click();
        find("#signin");
    }

    /** Types a command, sends it and waits for its answer, the {@code nth} on the page. */
    private WebElement run(String command, int nth) {
        WebElement text = find("input[name=text]");
        text.sendKeys(command);
        find("#command button").click();
        await().atMost(ANSWER).until(() -> browser.driver().findElements(By.cssSelector("#answers .exchange")).size() >= nth);
        WebElement answer = browser.driver().findElements(By.cssSelector("#answers .exchange")).get(nth - 1);
        assertThat(answer.getAttribute("class")).as(answer.getText()).contains("ok");
        return answer;
    }

    private void signIn(String token) {
        find("#token").sendKeys(token);
        find("#signin button").click();
    }

    private WebElement find(String css) {
        await().atMost(Duration.ofSeconds(30)).until(() -> !browser.driver().findElements(By.cssSelector(css)).isEmpty());
        return browser.driver().findElement(By.cssSelector(css));
    }
}
