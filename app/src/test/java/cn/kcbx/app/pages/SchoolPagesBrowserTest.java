package cn.kcbx.app.pages;

import cn.kcbx.kernel.student.IdNumber;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The school desk in a real browser, as demo-school (清溪镇中心小学): its open cases are the ledger's; a return
 * recorded from the list moves the case onto the watch list with the watch period end the server computed; the
 * identification form shows the server's check-digit message while typing and sends nothing. Cases are picked by
 * their state at run time.
 */
@ResourceLock(DemoProduct.DEMO_COUNTY)
class SchoolPagesBrowserTest {

    private static final String SCHOOL = "demo-school";

    /** GET {@code path} with the signed-in user's token, from inside the page: status and JSON body. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> fetchAsUser(Browser browser, String path) {
        Object answer = browser.driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const token = JSON.parse(sessionStorage.getItem('kcbx.session')).token;
                fetch(arguments[0], { headers: { Authorization: 'Bearer ' + token } })
                  .then(r => r.json().then(json => done({ status: r.status, json: json })))
                  .catch(e => done({ status: -1, json: null }));
                """, path);
        return (Map<String, Object>) answer;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(Browser browser, String path) {
        Map<String, Object> answer = fetchAsUser(browser, path);
        assertThat(answer.get("status")).as(path).isEqualTo(200L);
        return (Map<String, Object>) answer.get("json");
    }

    private static WebDriverWait waitFor(Browser browser) {
        WebDriverWait wait = new WebDriverWait(browser.driver, Duration.ofSeconds(30), Browser.POLL);
        // Lists re-render after every load: a row read a moment ago may be gone.
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

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

    /** Waits until the page's table has loaded (no loading mask) and answers its body rows. */
    private static List<WebElement> tableRows(Browser browser, String table) {
        WebDriverWait wait = waitFor(browser);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-test='" + table + "']")));
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".el-loading-mask")));
        return browser.driver.findElements(By.cssSelector("[data-test='" + table + "'] .el-table__body tbody tr"));
    }

    private static String caseIdOf(WebElement row) {
        String href = row.findElement(By.cssSelector("[data-test='case-link']")).getAttribute("href");
        return href.substring(href.lastIndexOf('/') + 1);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theSchoolSeesItsOpenCasesRecordsAReturnAndTheCaseMovesOntoTheWatchList() {
        try (Browser browser = Browser.open(1366, 768)) {
            DemoProduct.signInAtDesk(browser, SCHOOL);
            browser.driver.get(DemoProduct.url() + "/school/cases");
            WebDriverWait wait = waitFor(browser);
            // The page lists exactly the school's open cases as the server scopes them. The read side may still be
            // catching up with the demo just loaded: compare with the ledger read at the same moment, refreshing.
            String ledgerPath = "/api/ledgers/sanbang?size=20&sort=daysSinceIdentification,desc";
            Map<String, Object> ledger = wait.pollingEvery(Duration.ofMillis(250)).until(driver -> {
                Map<String, Object> read = json(browser, ledgerPath);
                List<String> expected = ((List<Map<String, Object>>) read.get("rows")).stream()
                        .map(r -> (String) r.get("caseId")).toList();
                List<String> shown = tableRows(browser, "school-cases-table").stream()
                        .map(SchoolPagesBrowserTest::caseIdOf).toList();
                if (shown.equals(expected)) {
                    return read;
                }
                browser.driver.findElement(By.cssSelector("[data-test='refresh']")).click();
                return null;
            });
            List<Map<String, Object>> ledgerRows = (List<Map<String, Object>>) ledger.get("rows");
            assertThat(ledgerRows).as("demo-school has open cases in the demo county").isNotEmpty();
            List<WebElement> rows = tableRows(browser, "school-cases-table");
            assertThat(browser.driver.findElement(By.cssSelector("[data-test='school-cases'] .sub")).getText())
                    .contains("共 " + ledger.get("total") + " 件");
            screenshots(browser, "school-cases");

            // A case whose state allows a return (已确认辍学 or 劝返中) offers 登记返校.
            WebElement row = rows.stream()
                    .filter(r -> !r.findElements(By.cssSelector("[data-test='record-return']")).isEmpty())
                    .findFirst().orElseThrow(() -> new AssertionError("no open case of demo-school may be returned"));
            String caseId = caseIdOf(row);
            Map<String, Object> before = ledgerRows.stream().filter(r -> caseId.equals(r.get("caseId"))).findFirst()
                    .orElseThrow();
            assertThat(((Map<String, Object>) before.get("status")).get("code"))
                    .isIn("CONFIRMED_DROPOUT", "PERSUADING");
            row.findElement(By.cssSelector("[data-test='record-return']")).click();

            WebElement dialog = wait.until(ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector(".el-dialog")));
            assertThat(dialog.findElement(By.cssSelector("[data-test='return-school']")).getText())
                    .isEqualTo("清溪镇中心小学");
            if (!dialog.findElement(By.cssSelector("[data-test='return-grade']")).getText().contains("年级")) {
                dialog.findElement(By.cssSelector("[data-test='return-grade']")).click();
                browser.pick(wait, By.xpath("//li[contains(@class,'el-select-dropdown__item')][.//span[text()='五年级']]"));
            }
            dialog.findElement(By.cssSelector("input[data-test='return-class']")).sendKeys("五年级（2）班");
            browser.screenshot("school-return-dialog-1366x768");
            dialog.findElement(By.cssSelector("[data-test='return-submit']")).click();
            wait.until(ExpectedConditions.invisibilityOf(dialog));

            // The server recorded it: the case is now 已返校观察中, and its row says so.
            wait.until(driver -> {
                Map<String, Object> after = json(browser, "/api/ledgers/sanbang?status=RETURNED&size=500");
                return ((List<Map<String, Object>>) after.get("rows")).stream()
                        .anyMatch(r -> caseId.equals(r.get("caseId")));
            });
            wait.until(driver -> tableRows(browser, "school-cases-table").stream()
                    .filter(r -> caseIdOf(r).equals(caseId))
                    .anyMatch(r -> r.findElement(By.cssSelector("[data-test='status']")).getText().equals("已返校观察中")));

            // The watch list shows the case with the watch period end of the returns ledger.
            Map<String, Object> account = wait.until(driver -> {
                Map<String, Object> returns = json(browser, "/api/ledgers/returns?crossedOff=false&size=500");
                return ((List<Map<String, Object>>) ((Map<String, Object>) returns.get("students")).get("rows"))
                        .stream().filter(r -> caseId.equals(r.get("caseId"))).findFirst().orElse(null);
            });
            List<Map<String, Object>> entries = (List<Map<String, Object>>) account.get("returns");
            Map<String, Object> current = entries.get(entries.size() - 1);
            browser.driver.get(DemoProduct.url() + "/school/watch");
            WebElement watched = wait.until(driver -> {
                WebElement found = tableRows(browser, "watch-table").stream()
                        .filter(r -> caseIdOf(r).equals(caseId)).findFirst().orElse(null);
                if (found == null) {
                    browser.driver.findElement(By.cssSelector("[data-test='refresh']")).click();
                }
                return found;
            });
            String watchEnd = (String) current.get("watchPeriodEndsOn");
            assertThat(watchEnd).matches("\\d{4}-\\d{2}-\\d{2}");
            assertThat(watched.findElement(By.cssSelector("[data-test='watch-end']")).getText()).isEqualTo(watchEnd);
            assertThat(watched.getText()).contains("五年级（2）班");
            // Returned today, the watch period is not over: 销号 waits, and says from which day.
            WebElement crossOff = watched.findElement(By.cssSelector("[data-test='cross-off']"));
            assertThat(crossOff.isEnabled()).isFalse();
            new org.openqa.selenium.interactions.Actions(browser.driver)
                    .moveToElement(crossOff.findElement(By.xpath("./.."))).perform();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.xpath(
                    "//div[contains(@class,'el-popper')][contains(., '" + watchEnd + " 起可销号')]")));
            screenshots(browser, "school-watch");
        }
    }

    @Test
    void theIdentificationFormShowsTheCheckDigitMessageBeforeAnythingIsSent() {
        try (Browser browser = Browser.open(1366, 768)) {
            DemoProduct.signInAtDesk(browser, SCHOOL);
            browser.driver.get(DemoProduct.url() + "/cases/new");
            WebDriverWait wait = waitFor(browser);
            WebElement idNumber = wait.until(ExpectedConditions.elementToBeClickable(By.name("idNumber")));
            // Count every command the page would send from here on.
            ((JavascriptExecutor) browser.driver).executeScript("""
                    window.__casePosts = 0;
                    const original = window.fetch;
                    window.fetch = (input, init) => {
                      if (init && init.method === 'POST' && String(input).startsWith('/api/cases')) window.__casePosts++;
                      return original(input, init);
                    };
                    """);
            screenshots(browser, "identify-case");

            String first17 = "43992120120315001";
            char right = IdNumber.checkCharacter(first17);
            char wrong = right == '1' ? '2' : '1';
            browser.driver.findElement(By.cssSelector("input[data-test='student-name']")).sendKeys("测试学生");
            idNumber.sendKeys(first17 + wrong);
            String expected = "身份证号校验位错误，应为 " + right + "，请核对后重新填写（也可能是前面某一位数字填错了）";
            wait.until(ExpectedConditions.textToBe(By.cssSelector("[data-test='id-problem']"), expected));
            browser.screenshot("identify-case-wrong-check-digit-1366x768");

            browser.driver.findElement(By.cssSelector("[data-test='identify-submit']")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-test='problem-count']")));
            assertThat(browser.driver.findElement(By.cssSelector("[data-test='id-problem']")).getText())
                    .isEqualTo(expected);
            assertThat(((Number) ((JavascriptExecutor) browser.driver).executeScript("return window.__casePosts"))
                    .intValue()).isZero();
            assertThat(browser.driver.getCurrentUrl()).endsWith("/cases/new");

            // The right check character: the number reads as birth date, sex and age; what was typed stays.
            idNumber.sendKeys(org.openqa.selenium.Keys.BACK_SPACE, String.valueOf(right));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-test='id-reading']"),
                    "出生日期 2012-03-15 · 男"));
            assertThat(browser.driver.findElement(By.cssSelector("input[data-test='student-name']"))
                    .getAttribute("value")).isEqualTo("测试学生");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theHomeTeachingPageListsTheSchoolsHomeTaughtStudents() {
        try (Browser browser = Browser.open(1366, 768)) {
            DemoProduct.signInAtDesk(browser, SCHOOL);
            browser.driver.get(DemoProduct.url() + "/school/home-teaching");
            waitFor(browser).until(ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("[data-test='home-teaching'] .el-table")));
            waitFor(browser).until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".el-loading-mask")));
            Map<String, Object> ledger = json(browser, "/api/ledgers/sanbang?status=HOME_TEACHING&size=20");
            List<Map<String, Object>> expected = (List<Map<String, Object>>) ledger.get("rows");
            List<WebElement> rows = browser.driver.findElements(
                    By.cssSelector("[data-test='home-teaching'] .el-table__body tbody tr"));
            assertThat(rows).hasSize(expected.size());
            if (expected.isEmpty()) {
                assertThat(browser.driver.findElement(By.cssSelector("[data-test='home-teaching'] .el-table__empty-text"))
                        .getText()).contains("没有送教上门的学生");
            }
            screenshots(browser, "school-home-teaching");
        }
    }
}
