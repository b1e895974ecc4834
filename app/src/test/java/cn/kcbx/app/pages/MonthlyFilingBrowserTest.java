package cn.kcbx.app.pages;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.FluentWait;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two clocks on the county's pages: the county files last month's report on the monthly page; a late entry made
 * afterwards (dated inside the filed month) shows in 更正情况 and in the 更正后 figures while the 已报送 version stays
 * as filed; the county report on a 业务日期 says which day it shows.
 */
@ResourceLock(DemoProduct.DEMO_COUNTY)
class MonthlyFilingBrowserTest {

    private static final Logger log = LoggerFactory.getLogger(MonthlyFilingBrowserTest.class);
    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void theCountyFilesLastMonthAndALateEntryShowsAsACorrectionWhileTheFiledVersionStays() {
        JsonNode countySignIn = DemoApi.signIn("demo-county");
        String token = countySignIn.path("token").asText();
        String county = countySignIn.path("user").path("unit").asText();
        String month = YearMonth.now(CHINA).minusMonths(1).toString();
        String monthly = "/api/reports/counties/" + county + "/monthly/" + month;
        assertThat(DemoApi.exchange("GET", monthly + "/corrections", token, null).statusCode())
                .as("last month is not filed yet").isEqualTo(404);

        try (Browser browser = Browser.open(1366, 768)) {
            DemoProduct.signInAtDesk(browser, "demo-county");
            WebDriverWait wait = new WebDriverWait(browser.driver, WAIT, Browser.POLL);

            // Not filed: the page says so and offers the filing; the dialog says the report is frozen once filed.
            browser.driver.get(DemoProduct.url() + "/county/monthly?month=" + month);
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-test=monthly-report]")));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-test=filing-line]"), "尚未报送"));
            assertThat(versionMark(browser)).isEqualTo("更正后");
            wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-test=file-report]"))).click();
            WebElement dialog = wait.until(ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector(".el-dialog[data-test=filing-dialog]")));
            assertThat(dialog.getText()).contains("定稿冻结", "SHA-256", "每月只能报送一次");
            browser.screenshot("county-monthly-filing-dialog-1366x768");
            dialog.findElement(By.cssSelector("[data-test=confirm-filing]")).click();

            // Filed: the notice and the filing line show the SHA-256 the server keeps; the page shows the filed version.
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-test=filed-notice]")));
            HttpResponse<String> filed = DemoApi.exchange("GET", monthly + "/filed", token, null);
            assertThat(filed.statusCode()).isEqualTo(200);
            String sha256 = filed.headers().firstValue("X-Report-SHA256").orElseThrow();
            assertThat(browser.driver.findElement(By.cssSelector("[data-test=filed-notice]")).getText()).contains(sha256);
            WebElement filingLine = browser.driver.findElement(By.cssSelector("[data-test=filing-line]"));
            assertThat(filingLine.getText()).contains("已于", "由", "报送", sha256);
            assertThat(browser.driver.findElement(By.cssSelector("[data-test=filed-sha256]")).getText()).isEqualTo(sha256);
            wait.until(d -> versionMark(browser).equals("已报送"));
            assertThat(browser.driver.findElements(By.cssSelector("[data-test=file-report]"))).isEmpty();
            browser.screenshot("county-monthly-filed-1366x768");

            // A late entry: a step dated inside the filed month, recorded now, that moves a case between figures.
            JsonNode asFiled = DemoApi.read(filed.body());
            String cutoff = asFiled.path("period").path("to").asText();
            LateEntry late = enterLate(token, county, asFiled, cutoff);
            log.info("Late entry after the filing of {}: {} on case {} dated {}", month, late.kind, late.caseId, cutoff);
            JsonNode corrections = new FluentWait<>(token).withTimeout(WAIT).pollingEvery(Browser.POLL)
                    .until(t -> {
                        JsonNode c = DemoApi.get(t, monthly + "/corrections");
                        return hasCase(c, late.caseId) ? c : null;
                    });
            JsonNode change = caseOf(corrections, late.caseId);
            assertThat(change.path("leftFigures").toString()).contains(late.leftFigure);
            assertThat(corrections.path("sha256").asText()).isEqualTo(sha256);

            // 更正情况: the changed figures (filed → corrected) and the case with its late entry and both of its dates.
            browser.driver.navigate().refresh();
            WebElement panel = wait.until(ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("[data-test=corrections]")));
            wait.until(ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("[data-test=corrections-case][data-case='" + late.caseId + "']")));
            assertThat(panel.findElement(By.cssSelector("[data-test=corrections-summary]")).getText()).contains("改变了");
            WebElement figureRow = panel.findElement(By.cssSelector("[data-test=corrections-figures] tr[data-figure='"
                                                                   + late.leftFigure + "']"));
            JsonNode figureChange = figureOf(corrections, late.leftFigure);
            assertThat(figureRow.getText()).contains(figureChange.path("label").asText(),
                                                     figureChange.path("filed").asText(),
                                                     figureChange.path("corrected").asText());
            WebElement caseBlock = panel.findElement(By.cssSelector("[data-case='" + late.caseId + "']"));
            wait.until(d -> caseBlock.getText().contains(late.studentName));
            assertThat(caseBlock.getText()).contains("移出", figureChange.path("label").asText(), late.entryLabel, cutoff);
            assertThat(caseBlock.findElement(By.cssSelector("a")).getAttribute("href")).endsWith("/cases/" + late.caseId);
            assertThat(caseBlock.findElements(By.cssSelector("[data-test=late-entry]"))).isNotEmpty();

            // The filed version is as filed (its figure, its SHA-256), the corrected version has the late entry.
            assertThat(versionMark(browser)).isEqualTo("已报送");
            assertThat(figure(browser, late.cell)).isEqualTo(late.count(asFiled));
            browser.driver.executeScript("arguments[0].scrollIntoView({block: 'start'})", panel);
            browser.screenshot("county-monthly-corrections-1366x768");
            browser.driver.manage().window().setSize(new Dimension(1920, 1080));
            browser.screenshot("county-monthly-corrections-1920x1080");
            browser.driver.manage().window().setSize(new Dimension(1366, 768));

            browser.driver.findElement(By.cssSelector("[data-version=corrected]")).click();
            wait.until(d -> versionMark(browser).equals("更正后"));
            JsonNode corrected = DemoApi.get(token, monthly);
            assertThat(late.count(corrected)).isNotEqualTo(late.count(asFiled));
            wait.until(d -> figure(browser, late.cell).equals(late.count(corrected)));
            assertThat(browser.driver.findElement(By.cssSelector("[data-test=version-line]")).getText())
                    .contains("更正后", cutoff, "补录");
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-test=differs-note]"),
                                                                          "与"));
            browser.screenshot("county-monthly-corrected-1366x768");

            browser.driver.findElement(By.cssSelector("[data-version=filed]")).click();
            wait.until(d -> versionMark(browser).equals("已报送"));
            wait.until(d -> figure(browser, late.cell).equals(late.count(asFiled)));
            HttpResponse<String> filedAgain = DemoApi.exchange("GET", monthly + "/filed", token, null);
            assertThat(filedAgain.body()).isEqualTo(filed.body());
            assertThat(filedAgain.headers().firstValue("X-Report-SHA256")).contains(sha256);

            // The county report on a 业务日期 (typed into its picker): the URL keeps it, a line says which day is shown,
            // the figures are the API's for that day, and the drill-down to a town carries the day.
            browser.driver.get(DemoProduct.url() + "/county/report");
            WebElement on = wait.until(ExpectedConditions.elementToBeClickable(
                    By.cssSelector("input[aria-label='业务日期']")));
            on.click();
            on.sendKeys(cutoff);
            on.sendKeys(Keys.ENTER);
            wait.until(ExpectedConditions.urlContains("on=" + cutoff));
            WebElement line = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-test=read-time]")));
            assertThat(line.getText()).isEqualTo(cutoff + " 当天的情况（按业务日期，截至现在录入的记录）");
            JsonNode onCutoff = DemoApi.get(token, "/api/reports/counties/" + county + "?on=" + cutoff);
            assertThat(onCutoff.path("byBusinessDate").asBoolean()).isTrue();
            wait.until(ExpectedConditions.textToBe(By.cssSelector("[data-cell='total:returned']"),
                                                   onCutoff.path("total").path("account").path("returned").asText()));
            assertThat(browser.driver.findElement(By.cssSelector("[data-cell='total:overdueCases']")).getText())
                    .isEqualTo(onCutoff.path("total").path("overdueCases").asText());
            assertThat(browser.driver.findElements(By.cssSelector("[data-test=live-state]"))).isEmpty();
            assertThat(browser.driver.findElement(By.cssSelector("[data-town-link]")).getAttribute("href"))
                    .contains("on=" + cutoff);
            browser.driver.findElement(By.cssSelector(".title")).click(); // close the picker's panel
            browser.screenshot("county-report-on-1366x768");

            // Drill-down: the town's dashboard on the same day.
            WebElement townLink = browser.driver.findElement(By.cssSelector("[data-town-link]"));
            String town = townLink.getAttribute("data-town-link");
            townLink.click();
            wait.until(ExpectedConditions.urlContains("/town/dashboard"));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-test=read-time]"),
                                                                          cutoff + " 当天的情况"));
            JsonNode board = DemoApi.get(token, "/api/dashboards/towns/" + town + "?on=" + cutoff);
            wait.until(ExpectedConditions.textToBe(By.cssSelector("[data-figure=returned] .figure-value"),
                                                   board.path("measures").path("account").path("returned").asText()));
            browser.screenshot("town-dashboard-on-1366x768");
        }
    }

    /**
     * The late entry the test made: on which case, what it made the case leave, and the figure of the report that
     * shows it ({@code cell}: the page's element; {@link #count}: the same figure in a report's JSON).
     */
    private record LateEntry(String caseId, String kind, String leftFigure, String entryLabel, String studentName,
                             String cell) {

        String count(JsonNode report) {
            JsonNode total = report.path("total");
            if (kind.equals("visit")) {
                for (JsonNode row : total.path("overdueByKind")) {
                    if (row.path("code").asText().equals(leftFigure)) {
                        return row.path("count").asText();
                    }
                }
                throw new AssertionError("no overdue kind " + leftFigure + " in " + total.path("overdueByKind"));
            }
            return total.path("account").path("returned").asText();
        }
    }

    /**
     * A step dated on the filed month's cut-off day, recorded now by the county: a visit to a case that was overdue
     * for a visit then and is still under persuasion (it leaves 超期未走访), or else the return of a case under
     * persuasion then and now (it leaves 在劝). Cases are picked now: other tests may have moved some on.
     */
    private static LateEntry enterLate(String token, String county, JsonNode asFiled, String cutoff) {
        Map<String, JsonNode> persuadingNow = new java.util.HashMap<>();
        DemoApi.get(token, "/api/ledgers/sanbang?region=" + county + "&status=PERSUADING&size=500").path("rows")
               .forEach(row -> persuadingNow.put(row.path("caseId").asText(), row));
        for (String caseId : ids(asFiled, "NO_VISIT")) {
            JsonNode row = persuadingNow.get(caseId);
            if (row == null) {
                continue;
            }
            Map<String, Object> visit = Map.of(
                    "visitId", UUID.randomUUID().toString(), "visitedOn", cutoff,
                    "trioParticipants", List.of("VILLAGE_CADRE"), "method", "HOME_VISIT", "outcome", "UNDECIDED",
                    "notes", "补录：截止日当天入户走访，家长表示再考虑");
            if (DemoApi.exchange("POST", "/api/cases/" + caseId + "/visits", token, visit).statusCode() < 300) {
                return new LateEntry(caseId, "visit", "NO_VISIT", "劝返走访", row.path("student").path("name").asText(),
                                     "[data-overdue='NO_VISIT']");
            }
        }
        for (String caseId : ids(asFiled, "PERSUADING")) {
            JsonNode row = persuadingNow.get(caseId);
            if (row == null) {
                continue;
            }
            String grade = row.path("lastSchool").path("grade").path("code").asText("");
            Map<String, Object> back = Map.of(
                    "returnedOn", cutoff,
                    "schoolName", row.path("lastSchool").path("name").asText("清溪镇中心小学"),
                    "grade", grade.isEmpty() ? "GRADE_7" : grade,
                    "placement", "REGULAR_CLASS");
            if (DemoApi.exchange("POST", "/api/cases/" + caseId + "/return", token, back).statusCode() < 300) {
                return new LateEntry(caseId, "return", "PERSUADING", "返校复学", row.path("student").path("name").asText(),
                                     "[data-summary='returned']");
            }
        }
        throw new AssertionError("no case of the demo county to enter a late step for (overdue for a visit or under "
                                 + "persuasion on " + cutoff + " and under persuasion now)");
    }

    private static List<String> ids(JsonNode report, String figure) {
        List<String> ids = new ArrayList<>();
        report.path("casesBehind").path(figure).forEach(id -> ids.add(id.asText()));
        return ids;
    }

    private static boolean hasCase(JsonNode corrections, String caseId) {
        Set<String> ids = new HashSet<>();
        corrections.path("cases").forEach(c -> ids.add(c.path("caseId").asText()));
        return ids.contains(caseId);
    }

    private static JsonNode caseOf(JsonNode corrections, String caseId) {
        for (JsonNode c : corrections.path("cases")) {
            if (c.path("caseId").asText().equals(caseId)) {
                return c;
            }
        }
        throw new AssertionError("no correction for case " + caseId);
    }

    private static JsonNode figureOf(JsonNode corrections, String figure) {
        for (JsonNode f : corrections.path("figures")) {
            if (f.path("figure").asText().equals(figure)) {
                return f;
            }
        }
        throw new AssertionError("figure " + figure + " did not change: " + corrections.path("figures"));
    }

    private static String versionMark(Browser browser) {
        List<WebElement> mark = browser.driver.findElements(By.cssSelector("[data-test=version-mark]"));
        return mark.isEmpty() ? "" : mark.get(0).getText().strip();
    }

    /** A figure of the report on screen (its text content: it may be below the fold). */
    private static String figure(Browser browser, String css) {
        List<WebElement> cell = browser.driver.findElements(By.cssSelector("[data-test=monthly-report] " + css));
        return cell.isEmpty() ? "" : cell.get(0).getAttribute("textContent").strip();
    }
}
