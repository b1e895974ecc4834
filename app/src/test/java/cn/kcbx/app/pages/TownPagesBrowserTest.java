package cn.kcbx.app.pages;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The town pages in a real browser: the 乡镇工作台 shows the figures the dashboard read answers for the same user,
 * draws its charts and leads from an overdue item to the case; the 三帮一 ledger filters by status and exports a CSV
 * and an .xlsx; the 劝返销号 ledger shows its account. Cases are picked by what the pages list at run time.
 */
@ResourceLock(DemoProduct.DEMO_COUNTY)
class TownPagesBrowserTest {

    private static final String TOWN = "439921100";

    /** GET {@code path} with the signed-in user's token, from inside the page: status, content type and JSON body. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> fetchAsUser(Browser browser, String path) {
        Object answer = browser.driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const token = JSON.parse(sessionStorage.getItem('kcbx.session')).token;
                fetch(arguments[0], { headers: { Authorization: 'Bearer ' + token } })
                  .then(r => r.text().then(text => {
                    let json = null;
                    try { json = JSON.parse(text); } catch (e) { }
                    done({ status: r.status, type: r.headers.get('content-type'), length: text.length, json: json });
                  }))
                  .catch(e => done({ status: -1, type: String(e) }));
                """, path);
        return (Map<String, Object>) answer;
    }

    private static WebDriverWait waitFor(Browser browser) {
        return new WebDriverWait(browser.driver, Duration.ofSeconds(30), Browser.POLL);
    }

    /** Resizes the window and waits until the page has laid itself out again (the charts follow their boxes). */
    private static void resize(Browser browser, int width, int height) {
        browser.driver.manage().window().setSize(new Dimension(width, height));
        waitFor(browser).until(driver -> Math.abs(((Number) browser.driver.executeScript(
                "return window.innerWidth")).intValue() - width) <= 40);
        browser.driver.executeAsyncScript(
                "const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done()));");
    }

    private static void screenshots(Browser browser, String name) {
        browser.screenshot(name + "-1366x768");
        resize(browser, 1920, 1080);
        browser.screenshot(name + "-1920x1080");
        resize(browser, 1366, 768);
    }

    /** An element's text, also when it is scrolled out of its table's view (getText() is empty then). */
    private static String text(WebElement element) {
        return element.getAttribute("textContent").strip();
    }

    private static String figure(Browser browser, String key) {
        return browser.driver.findElement(By.cssSelector("[data-figure='" + key + "'] .figure-value")).getText().strip();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theTownDashboardShowsTheDashboardsFiguresDrawsItsChartsAndLeadsFromAnOverdueItemToItsCase() {
        try (Browser browser = Browser.open(1366, 768)) {
            DemoProduct.signInAtDesk(browser, "demo-town");
            browser.driver.get(DemoProduct.url() + "/town/dashboard");
            WebDriverWait wait = waitFor(browser);
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-figure='shouldReturn']")));
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-test='chart-status'] canvas")));
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-test='chart-villages'] canvas")));

            Map<String, Object> answer = fetchAsUser(browser, "/api/dashboards/towns/" + TOWN);
            assertThat(answer.get("status")).isEqualTo(200L);
            Map<String, Object> dashboard = (Map<String, Object>) answer.get("json");
            Map<String, Object> measures = (Map<String, Object>) dashboard.get("measures");
            Map<String, Object> account = (Map<String, Object>) measures.get("account");
            for (String key : List.of("shouldReturn", "returned", "crossedOff", "persuading", "homeTeaching",
                                      "specialSituation")) {
                assertThat(figure(browser, key)).as(key).isEqualTo(String.valueOf(account.get(key)));
            }
            Object rate = account.get("returnRate");
            assertThat(figure(browser, "returnRate")).isEqualTo(
                    rate == null ? "—" : String.format(Locale.ROOT, "%.1f%%", ((Number) rate).doubleValue()));
            long overdueCases = (Long) measures.get("overdueCases");
            assertThat(figure(browser, "overdueCases")).isEqualTo(String.valueOf(overdueCases));
            assertThat(browser.driver.findElement(By.cssSelector("[data-test='dashboard-scope']")).getText())
                    .contains("截至");
            assertThat(browser.driver.findElement(By.cssSelector(".page-title")).getText())
                    .contains((String) dashboard.get("townName"));
            // Every chart that has something to show is drawn (a canvas in its box).
            for (String chart : List.of("chart-status", "chart-villages", "chart-reasons", "chart-categories")) {
                List<WebElement> box = browser.driver.findElements(By.cssSelector("[data-test='" + chart + "']"));
                if (!box.isEmpty()) {
                    assertThat(box.get(0).findElements(By.tagName("canvas"))).as(chart).isNotEmpty();
                }
            }

            screenshots(browser, "town-dashboard");

            // The small demo county has overdue cases in this town (every demo path occurs at least once).
            assertThat(overdueCases).as("overdue cases of the demo town").isPositive();
            List<WebElement> items = wait.until(ExpectedConditions.numberOfElementsToBeMoreThan(
                    By.cssSelector("[data-test='overdue-item']"), 0));
            assertThat(items).hasSize((int) overdueCases);
            WebElement first = items.get(0);
            String href = first.getAttribute("href");
            assertThat(href).contains("/cases/");
            String caseId = href.substring(href.lastIndexOf("/cases/") + "/cases/".length());
            browser.driver.executeScript("arguments[0].scrollIntoView({block: 'center'})", first);
            first.click();
            wait.until(ExpectedConditions.urlContains("/cases/" + caseId));
            assertThat(browser.driver.getCurrentUrl()).endsWith("/cases/" + caseId);
        }
    }

    @Test
    void theSanbangLedgerFiltersByAStatusAndExportsTheFilteredLedgerAsCsv() {
        try (Browser browser = Browser.open(1366, 768)) {
            DemoProduct.signInAtDesk(browser, "demo-town");
            browser.driver.get(DemoProduct.url() + "/ledgers/sanbang");
            WebDriverWait wait = waitFor(browser);
            List<WebElement> statuses = wait.until(ExpectedConditions.numberOfElementsToBeMoreThan(
                    By.cssSelector("[data-test='row-status']"), 0));
            screenshots(browser, "ledger-sanbang");

            // Filter by the status of the first row listed now (so the filtered ledger is not empty).
            String label = text(statuses.get(0));
            assertThat(label).isNotEmpty();
            browser.driver.findElement(By.cssSelector("[data-test='filter-status']")).click();
            browser.pick(wait, By.xpath(
                    "//li[contains(@class,'el-select-dropdown__item')][normalize-space(.)='" + label + "']"));
            browser.driver.switchTo().activeElement().sendKeys(Keys.ESCAPE);
            wait.until(ExpectedConditions.urlContains("status="));
            // The table re-renders while the filter applies: a row read as it is replaced is read again.
            wait.ignoring(StaleElementReferenceException.class).until(driver -> {
                List<WebElement> shown = driver.findElements(By.cssSelector("[data-test='row-status']"));
                return !shown.isEmpty() && shown.stream().allMatch(s -> text(s).equals(label));
            });
            List<WebElement> shown = browser.driver.findElements(By.cssSelector("[data-test='row-status']"));
            assertThat(shown).isNotEmpty().allSatisfy(s -> assertThat(text(s)).isEqualTo(label));
            String query = browser.driver.getCurrentUrl().substring(browser.driver.getCurrentUrl().indexOf('?'));
            assertThat(browser.driver.findElement(By.cssSelector("[data-test='ledger-scope']")).getText())
                    .contains("共 " + shown.size() + " 人");

            // The export button downloads the filtered ledger as the server's CSV file (captured, not saved).
            browser.driver.executeScript("""
                    window.__exports = [];
                    const create = URL.createObjectURL;
                    URL.createObjectURL = (blob) => { window.__exports.push({ type: blob.type, size: blob.size }); return create(blob); };
                    const click = HTMLAnchorElement.prototype.click;
                    HTMLAnchorElement.prototype.click = function () {
                      if (this.download) { window.__exports.push({ name: this.download }); return; }
                      return click.call(this);
                    };
                    """);
            browser.driver.findElement(By.xpath("//button[.//span[normalize-space(.)='导出 CSV']]")).click();
            wait.until(driver -> ((Number) browser.driver.executeScript("return window.__exports.length")).intValue() >= 2);
            assertThat((String) browser.driver.executeScript("return window.__exports[0].type")).startsWith("text/csv");
            assertThat(((Number) browser.driver.executeScript("return window.__exports[0].size")).longValue()).isPositive();
            assertThat((String) browser.driver.executeScript("return window.__exports[1].name")).endsWith(".csv");

            // And the server's export for the same filters answers 200 text/csv.
            Map<String, Object> csv = fetchAsUser(browser, "/api/ledgers/sanbang.csv" + query);
            assertThat(csv.get("status")).isEqualTo(200L);
            assertThat((String) csv.get("type")).startsWith("text/csv");

            // 导出 Excel asks for the footer's signatures, then downloads the same filtered ledger as .xlsx.
            browser.driver.findElement(By.cssSelector("[data-test='export-xlsx']")).click();
            WebElement reviewer = wait.until(ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("input[data-test='export-reviewer']")));
            assertThat(browser.driver.findElement(By.cssSelector("input[data-test='export-preparer']"))
                                     .getAttribute("value")).isNotEmpty();
            reviewer.sendKeys("王主任");
            screenshots(browser, "ledger-sanbang-export-xlsx");
            browser.driver.findElement(By.cssSelector("[data-test='export-xlsx-confirm']")).click();
            wait.until(driver -> ((Number) browser.driver.executeScript("return window.__exports.length")).intValue() >= 4);
            assertThat((String) browser.driver.executeScript("return window.__exports[2].type"))
                    .startsWith("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
            assertThat(((Number) browser.driver.executeScript("return window.__exports[2].size")).longValue()).isPositive();
            assertThat((String) browser.driver.executeScript("return window.__exports[3].name"))
                    .startsWith("三帮一劝返工作台账-").endsWith(".xlsx");
            Map<String, Object> xlsx = fetchAsUser(browser, "/api/ledgers/sanbang.xlsx" + query);
            assertThat(xlsx.get("status")).isEqualTo(200L);
        }
    }

    @Test
    void theReturnsLedgerShowsTheTownsAccountAndOneLinePerVillage() {
        try (Browser browser = Browser.open(1366, 768)) {
            DemoProduct.signInAtDesk(browser, "demo-town");
            browser.driver.get(DemoProduct.url() + "/ledgers/returns");
            WebDriverWait wait = waitFor(browser);
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-figure='shouldReturn']")));
            @SuppressWarnings("unchecked")
            Map<String, Object> account = (Map<String, Object>) fetchAsUser(browser, "/api/ledgers/returns?size=1")
                    .get("json");
            @SuppressWarnings("unchecked")
            Map<String, Object> summary = (Map<String, Object>) account.get("summary");
            assertThat(figure(browser, "shouldReturn")).isEqualTo(String.valueOf(summary.get("shouldReturn")));
            assertThat(figure(browser, "crossedOff")).isEqualTo(String.valueOf(summary.get("crossedOff")));
            @SuppressWarnings("unchecked")
            Map<String, Object> units = (Map<String, Object>) account.get("units");
            assertThat(browser.driver.findElements(By.cssSelector("[data-test='unit-table'] .el-table__body-wrapper tbody tr")))
                    .hasSize(units.size());
            screenshots(browser, "ledger-returns");
        }
    }
}
