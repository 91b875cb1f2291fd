package io.dblab.testkit.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/** The browser helper against pages served over real HTTP on loopback: it reads pages, reports console errors and leaves nothing behind. */
class BrowserTest {
    HttpServer server;

    @BeforeEach
    void serve() throws IOException {
        Browser.require();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        page("/clean", "<!doctype html><title>clean</title><link rel=icon href=\"data:,\"><p id=greeting>hello</p>");
        page("/broken", "<!doctype html><title>broken</title><script>undefinedFunctionOfThePage();</script>"
                + "<img src=/missing.png alt=missing>");
        server.start();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void readsAPageAndReportsItsConsoleErrorsOnce() {
        try (Browser browser = Browser.start()) {
            browser.open(url("/clean"));
            assertThat(browser.driver().findElement(By.id("greeting")).getText()).isEqualTo("hello");
            assertThat(browser.consoleErrors()).isEmpty();

            browser.open(url("/broken"));
            assertThat(browser.consoleErrors()).anyMatch(m -> m.contains("undefinedFunctionOfThePage"))
                    .anyMatch(m -> m.contains("/missing.png") && m.contains("404"));
            assertThat(browser.consoleErrors()).as("read once").isEmpty();
        }
    }

    @Test
    void closeEndsChromiumAndDeletesItsProfile() throws IOException {
        Path profile;
        try (Browser browser = Browser.start()) {
            browser.open(url("/clean"));
            profile = browser.profile();
            assertThat(profile.getFileName().toString()).startsWith("dblab-browser-");
            assertThat(processesMentioning(profile)).isPositive();
        }
        assertThat(profile).doesNotExist();
        assertThat(processesMentioning(profile)).isZero();
    }

    /** Processes whose command line names the profile: chromium and its helpers. */
    private static long processesMentioning(Path profile) throws IOException {
        String needle = profile.toString();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).filter(p -> {
                try {
                    return new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8).contains(needle);
                } catch (IOException gone) {
                    return false;
                }
            }).count();
        }
    }

    private void page(String path, String html) {
        server.createContext(path, exchange -> {
            byte[] body = html.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }
}
