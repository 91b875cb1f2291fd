package io.dblab.testkit.browser;

import io.dblab.pg.process.OsUser;
import io.dblab.testkit.Requirements;
import io.dblab.testkit.TempDirs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * Debian's chromium, headless, driven by its chromedriver through Selenium, for tests of web pages.
 * Everything the page's console reports at error level (script errors, failed loads, refused content)
 * is collected and can be read with {@link #consoleErrors()}. Without chromium or chromedriver the test
 * is skipped, or fails under {@code DBLAB_REQUIRE_ALL=1} ({@link Requirements}). {@link #close()}
 * quits the browser and its driver and deletes the profile directory.
 */
public final class Browser implements AutoCloseable {
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration PAGE_LOAD_TIMEOUT = Duration.ofSeconds(60);

    private final Path profile;
    private final ChromeDriverService service;
    private final ChromeDriver driver;

    private Browser(Path profile, ChromeDriverService service, ChromeDriver driver) {
        this.profile = profile;
        this.service = service;
        this.driver = driver;
    }

    public static void require() {
        Requirements.require(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "this test needs Debian's chromium and chromedriver at " + CHROMIUM + " and " + CHROMEDRIVER
                        + " (apt-get install -y chromium chromium-driver)");
    }

    /** Starts a headless chromium with an empty profile of its own. */
    public static Browser start() {
        require();
        Path profile;
        try {
            profile = Files.createTempDirectory("dblab-browser-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Both paths given: Selenium then never runs Selenium Manager, which would try to download a driver.
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments(
                "--headless=new", "--user-data-dir=" + profile, "--window-size=1280,1024", "--disable-gpu",
                // /dev/shm is small in containers; chromium's renderers crash when it fills up
                "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-extensions", "--disable-default-apps");
        if (OsUser.isRoot()) {
            // chromium refuses to start its sandbox as root
            options.addArguments("--no-sandbox");
        }
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, Level.ALL.getName()));
        try {
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(PAGE_LOAD_TIMEOUT);
            return new Browser(profile, service, driver);
        } catch (RuntimeException e) {
            service.stop();
            TempDirs.deleteRecursively(profile);
            throw e;
        }
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** chromium's profile directory (its --user-data-dir); {@link #close()} deletes it. */
    public Path profile() {
        return profile;
    }

    /** Opens a URL and waits until its page has loaded. */
    public void open(String url) {
        driver.get(url);
    }

    /**
     * The console's error-level messages since the browser started, oldest first; reading takes them from
     * the browser, so a test can check one step's messages, then the rest.
     */
    public List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue()).map(LogEntry::getMessage).toList();
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try {
                service.stop();
            } finally {
                TempDirs.deleteRecursively(profile);
            }
        }
    }
}
