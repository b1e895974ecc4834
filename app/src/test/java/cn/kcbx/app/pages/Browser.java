package cn.kcbx.app.pages;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Debian's chromium, headless, driven through Debian's chromedriver: nothing is downloaded (no Selenium Manager).
 * Screenshots go to {@code target/screenshots}, kept as build artifacts to look at.
 * <p>
 * Starting chromium is a good part of a browser test's time, so a test takes one with {@link #open} and gives it back
 * with {@link #close}: the next test of the JVM at the same window size gets the same process, wiped as a new one
 * would be (a new tab with nothing in its history or session storage, no cookies, nothing stored for the product's
 * origin), except for the HTTP cache of the pages' scripts and styles, which only saves their download and compile:
 * a test that times a first visit empties it ({@link #emptyCache}) or takes a {@link #fresh} process.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of(System.getProperty("kcbx.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("kcbx.chromedriver", "/usr/bin/chromedriver"));
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    /**
     * How often a wait looks again: WebDriverWait's default of 500 ms added a quarter second on average to each of
     * the hundreds of waits of the browser tests; a look is one local WebDriver call.
     */
    static final Duration POLL = Duration.ofMillis(100);

    private static final Logger log = LoggerFactory.getLogger(Browser.class);
    /** Idle browsers by window size ("1366x768"); two test classes may take and give back at once, under its lock. */
    private static final Map<String, Deque<Browser>> IDLE = new HashMap<>();
    private static final List<Browser> STARTED = new ArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(Browser::quitAll, "browsers-quit"));
    }

    final ChromeDriver driver;
    private final int width;
    private final int height;
    private final boolean pooled;

    private Browser(int width, int height, boolean pooled) {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("The browser tests need Debian's chromium and chromium-driver: "
                    + "apt-get install chromium chromium-driver (.ci/run installs them)");
        }
        long started = System.nanoTime();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                             "--disable-quic", "--no-first-run", "--disable-background-networking",
                             "--disable-component-update", "--disable-sync", "--lang=zh-CN",
                             "--window-size=" + width + "," + height);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(width, height));
        driver.manage().timeouts().implicitlyWait(Duration.ZERO);
        this.width = width;
        this.height = height;
        this.pooled = pooled;
        log.info("Browser {}x{} started in {} ms", width, height, (System.nanoTime() - started) / 1_000_000);
    }

    /** A browser at this window size, as new, from the ones earlier tests gave back if there is one. */
    static Browser open(int width, int height) {
        Browser idle;
        synchronized (IDLE) {
            idle = IDLE.getOrDefault(width + "x" + height, new ArrayDeque<>()).poll();
        }
        if (idle != null) {
            return idle;
        }
        Browser started = new Browser(width, height, true);
        synchronized (IDLE) {
            STARTED.add(started);
        }
        return started;
    }

    /**
     * Starts a browser for the pool on a thread of its own, while the caller goes on (the product starts and loads
     * its demo county meanwhile: both take long, and neither needs the other).
     */
    static void startInBackground(int width, int height) {
        Thread starter = new Thread(() -> {
            try {
                Browser started = new Browser(width, height, true);
                synchronized (IDLE) {
                    STARTED.add(started);
                    IDLE.computeIfAbsent(width + "x" + height, size -> new ArrayDeque<>()).push(started);
                }
            } catch (RuntimeException e) {
                log.warn("Browser {}x{} could not be started ahead; the first test starts one", width, height, e);
            }
        }, "browser-prestart");
        starter.setDaemon(true);
        starter.start();
    }

    /** A new chromium process with an empty profile, quit when closed. */
    static Browser fresh(int width, int height) {
        return new Browser(width, height, false);
    }

    /** No page, script or style in the HTTP cache: the next load is a first visit's, as in a new process. */
    void emptyCache() {
        driver.executeCdpCommand("Network.clearBrowserCache", Map.of());
    }

    /**
     * Clicks an option of an opened drop-down list once the list has stopped moving: Element Plus zooms a list in, and
     * a click while it grows lands on whichever option is passing under that point (seen as "click intercepted").
     * The option must be where it was at the last look, and be what the page has at its centre.
     */
    void pick(WebDriverWait wait, By option) {
        WebElement item = wait.until(ExpectedConditions.presenceOfElementLocated(option));
        driver.executeScript("arguments[0].scrollIntoView({block: 'nearest'})", item);
        String[] lastSeenAt = {""};
        wait.until(d -> {
            Object at = driver.executeScript("""
                    const box = arguments[0].getBoundingClientRect();
                    const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
                    return box.width > 0 && hit !== null && arguments[0].contains(hit)
                        ? [box.left, box.top, box.width, box.height].join(',') : '';""", item);
            boolean still = !"".equals(at) && at.equals(lastSeenAt[0]);
            lastSeenAt[0] = String.valueOf(at);
            return still;
        });
        item.click();
    }

    Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            File taken = driver.getScreenshotAs(OutputType.FILE);
            Path target = SCREENSHOTS.resolve(name + ".png");
            Files.copy(taken.toPath(), target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Gives a pooled browser back, wiped for the next test; a fresh one (or one that cannot be wiped) quits. */
    @Override
    public void close() {
        if (!pooled) {
            driver.quit();
            return;
        }
        try {
            wipe();
        } catch (RuntimeException e) {
            log.warn("Browser {}x{} could not be wiped for the next test; quitting it", width, height, e);
            synchronized (IDLE) {
                STARTED.remove(this);
            }
            driver.quit();
            return;
        }
        synchronized (IDLE) {
            IDLE.computeIfAbsent(width + "x" + height, size -> new ArrayDeque<>()).push(this);
        }
    }

    /**
     * As a new process would be for the next test: one new blank tab (no history, no session storage, no open page
     * still talking to the product), no cookies, nothing stored for the product's origin (local storage, IndexedDB,
     * service workers, cache storage), the window at its size and the default timeouts.
     */
    private void wipe() {
        String blank = driver.switchTo().newWindow(WindowType.TAB).getWindowHandle();
        for (String handle : driver.getWindowHandles()) {
            if (!handle.equals(blank)) {
                driver.switchTo().window(handle).close();
            }
        }
        driver.switchTo().window(blank);
        driver.executeCdpCommand("Network.clearBrowserCookies", Map.of());
        // Everything the pages keep for the origin; the HTTP cache is not an origin's storage and stays.
        driver.executeCdpCommand("Storage.clearDataForOrigin",
                                 Map.of("origin", DemoProduct.url(), "storageTypes", "all"));
        driver.manage().window().setSize(new Dimension(width, height));
        driver.manage().timeouts().implicitlyWait(Duration.ZERO);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(300));
    }

    private static void quitAll() {
        List<Browser> all;
        synchronized (IDLE) {
            all = new ArrayList<>(STARTED);
        }
        for (Browser browser : all) {
            try {
                browser.driver.quit();
            } catch (RuntimeException e) {
                // the JVM is ending; chromedriver's own shutdown hook stops what is left
            }
        }
    }
}
