package cn.kcbx.app.pages;

import cn.kcbx.app.KcbxApp;
import cn.kcbx.demo.DemoLoader;

import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The whole product with a small demo county (every demo path occurs at least once), started once for all browser
 * tests of this JVM: starting it and loading the demo takes longer than the tests themselves. Tests that change a
 * case pick it by its state at run time, so the order of the test classes does not matter.
 */
final class DemoProduct {

    static final String PASSWORD = "Qingxi2026";
    /**
     * The lock every browser test class holds on the demo county. A class that reads the county's figures, or picks
     * cases by their state, holds it alone; a class that only acts on cases, accounts or units it made itself, and
     * finds them by their id, shares it ({@code ResourceAccessMode.READ}) with the other such classes.
     */
    static final String DEMO_COUNTY = "demo-county";

    private static KcbxApp app;

    private DemoProduct() {
    }

    /** The one address of the product (the case service, which routes the read side on). */
    static synchronized String url() {
        if (app == null) {
            Browser.startInBackground(1366, 768);
            Path data;
            try {
                data = Files.createTempDirectory("kcbx-pages-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            app = KcbxApp.start("--kcbx.embedded-mongo.data-directory=" + data,
                                "--kcbx.embedded-mongo.port=0",
                                "--case-service.server.port=0",
                                "--query-service.server.port=0",
                                "--kcbx.demo.enabled=true", "--kcbx.demo.towns=2", "--kcbx.demo.cases-per-town=12");
            Runtime.getRuntime().addShutdownHook(new Thread(app::close, "demo-product-stop"));
            awaitDemoCounty(app);
        }
        return app.caseServiceUrl();
    }

    /**
     * The demo county loads on a thread of its own after the start; a test must not read it half loaded (a page and a
     * read a moment later would show different figures, and the clock runs on demo dates meanwhile).
     */
    private static void awaitDemoCounty(KcbxApp started) {
        started.caseService().getBean(DemoLoader.class).awaitStartupLoad();
    }

    /** Signs {@code username} in with the demo password and waits for the desk frame. */
    static void signInAtDesk(Browser browser, String username) {
        browser.driver.manage().deleteAllCookies();
        browser.driver.get(url() + "/sign-in");
        // A session kept in the tab (a user signed in before): cleared, and the page loaded again without it.
        if (!Long.valueOf(0).equals(browser.driver.executeScript("return sessionStorage.length"))) {
            browser.driver.executeScript("sessionStorage.clear()");
            browser.driver.navigate().refresh();
        }
        WebDriverWait wait = new WebDriverWait(browser.driver, Duration.ofSeconds(30), Browser.POLL);
        wait.until(ExpectedConditions.elementToBeClickable(By.name("username"))).sendKeys(username);
        browser.driver.findElement(By.name("password")).sendKeys(PASSWORD);
        browser.driver.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".who .unit")));
    }
}
