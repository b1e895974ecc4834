package cn.kcbx.app.pages;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.FluentWait;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 案件详情 (/cases/:caseId) in a real browser: the town sees its case with the trio, the history in plain Chinese and
 * exactly the steps the server's table allows it in the case's state; a case of the other town shows 无权访问 and
 * nothing of the case; a school sees 登记复辍 on a returned case but not 结案. Cases are picked by their state at run
 * time.
 */
@ResourceLock(DemoProduct.DEMO_COUNTY)
class CasePageBrowserTest {

    private static final String TOWN = "439921100";
    private static final String SCHOOL = "2199211000";

    @Test
    void theTownSeesItsCaseTheTrioTheHistoryInChineseAndOnlyTheStepsItMayTake() throws Exception {
        String token = DemoApi.token("demo-town");
        JsonNode row = firstRow(token, "status=PERSUADING", r -> !r.path("trio").isNull())
                .orElseGet(() -> firstRow(token, "", r -> true).orElseThrow());
        String caseId = row.path("caseId").asText();
        String status = row.path("status").path("code").asText();
        List<String> allowed = allowedSteps(token, "TOWN", status);

        for (int[] size : new int[][] {{1366, 768}, {1920, 1080}}) {
            try (Browser browser = Browser.open(size[0], size[1])) {
                DemoProduct.signInAtDesk(browser, "demo-town");
                WebDriverWait wait = open(browser, caseId);
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-test=case-header]"),
                                                                             row.path("status").path("label").asText()));
                String header = browser.driver.findElement(By.cssSelector("[data-test=case-header]")).getText();
                assertThat(header).contains(row.path("student").path("name").asText())
                                  .contains(row.path("status").path("label").asText());
                // The ID number stays masked until a reason is given.
                assertThat(header).contains(row.path("student").path("idNumber").asText()).contains("查看完整信息");

                String trio = browser.driver.findElement(By.cssSelector("[data-test=trio]")).getText();
                if (!row.path("trio").isNull()) {
                    assertThat(trio).contains(row.path("trio").path("teacher").path("name").asText())
                                    .contains(row.path("trio").path("guardian").path("name").asText());
                }

                WebElement timeline = wait.until(ExpectedConditions.visibilityOfElementLocated(
                        By.cssSelector("[data-test=timeline] .el-timeline-item")));
                String history = browser.driver.findElement(By.cssSelector("[data-test=timeline]")).getText();
                assertThat(timeline.isDisplayed()).isTrue();
                assertThat(history).contains("登记疑似辍学").contains("发现疑似辍学")
                                   .containsPattern("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}")
                                   .containsPattern("来自(网页|手机|批量导入|接口)")
                                   .doesNotContain("CaseIdentified").doesNotContain("HOME_VISIT");

                List<String> buttons = new ArrayList<>();
                for (WebElement button : browser.driver.findElements(By.cssSelector("[data-test=actions] [data-step]"))) {
                    buttons.add(button.getAttribute("data-step"));
                }
                assertThat(buttons).as("steps for TOWN in %s", status).containsExactlyElementsOf(allowed);
                browser.screenshot("case-page-town-" + size[0] + "x" + size[1]);
            }
        }
    }

    /**
     * A date typed wrong: the town opens 更正记录日期, picks the identification, gives the right day and why; the history
     * keeps the step as recorded with a note of the corrected date, and the correction as an entry of its own.
     */
    @Test
    void theTownCorrectsAWrongDate_andTheHistoryShowsBothTheStepAndItsCorrection() throws Exception {
        String token = DemoApi.token("demo-town");
        LocalDate today = LocalDate.parse(DemoCases.today());
        String caseId = DemoCases.identify(token, "江小满", today.minusDays(20).toString());
        DemoCases.confirm(token, caseId, today.minusDays(10).toString());
        String rightDay = today.minusDays(24).toString();

        try (Browser browser = Browser.open(1366, 768)) {
            DemoProduct.signInAtDesk(browser, "demo-town");
            WebDriverWait wait = open(browser, caseId);
            wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-step=CorrectStepDate]"))).click();
            WebElement dialog = wait.until(ExpectedConditions.visibilityOfElementLocated(
                    By.xpath("//div[contains(@class,'el-dialog')][.//span[normalize-space(.)='更正记录日期']]")));
            dialog.findElement(By.cssSelector("[data-test=correct-step]")).click();
            browser.pick(wait, By.xpath(
                    "//li[contains(@class,'el-select-dropdown__item')][starts-with(normalize-space(.),'第 0 条')]"));
            WebElement date = dialog.findElement(By.cssSelector("input[name='correctedDate']"));
            wait.until(d -> today.minusDays(20).toString().equals(date.getAttribute("value")));
            date.click();
            date.sendKeys(Keys.chord(Keys.CONTROL, "a"), rightDay, Keys.ENTER);
            wait.until(d -> rightDay.equals(date.getAttribute("value")));
            dialog.findElement(By.cssSelector("textarea[name='reason']")).sendKeys("村里摸排登记簿记为" + rightDay);
            browser.screenshot("case-correct-date-dialog-1366x768");
            dialog.findElement(By.cssSelector("[data-test=correct-submit]")).click();

            wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-test=corrected-note]")));
            String history = browser.driver.findElement(By.cssSelector("[data-test=timeline]")).getText();
            assertThat(history).contains("（日期已更正为 " + rightDay + "，见第 2 条）")
                               .contains("更正第 0 条记录的日期：" + today.minusDays(20) + " → " + rightDay)
                               .contains("原因：村里摸排登记簿记为" + rightDay);
            browser.screenshot("case-date-corrected-1366x768");
        }
        JsonNode row = DemoCases.awaitRow(token, caseId, "status=CONFIRMED_DROPOUT",
                                          r -> r.path("identifiedOn").asText().equals(rightDay));
        assertThat(row.path("identifiedOn").asText()).as("the ledger reads the corrected date").isEqualTo(rightDay);
    }

    @Test
    void aCaseOfTheOtherTownShowsNoAccessAndNothingOfTheCase() throws Exception {
        String county = DemoApi.token("demo-county");
        JsonNode other = firstRow(county, "", r -> !r.path("townCode").asText().equals(TOWN)).orElseThrow(
                () -> new AssertionError("the demo county has a second town with cases"));
        String name = other.path("student").path("name").asText();
        assertThat(name).isNotBlank();
        try (Browser browser = Browser.open(1366, 768)) {
            DemoProduct.signInAtDesk(browser, "demo-town");
            WebDriverWait wait = open(browser, other.path("caseId").asText());
            WebElement refused = wait.until(ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("[data-test=forbidden]")));
            assertThat(refused.getText()).contains("无权访问");
            assertThat(browser.driver.findElements(By.cssSelector("[data-test=case-header]"))).isEmpty();
            assertThat(browser.driver.findElements(By.cssSelector("[data-test=timeline]"))).isEmpty();
            assertThat(browser.driver.getPageSource()).doesNotContain(name);
            browser.screenshot("case-page-forbidden-1366x768");

            browser.driver.get(DemoProduct.url() + "/cases/" + UUID.randomUUID());
            WebElement missing = wait.until(ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("[data-test=not-found]")));
            assertThat(missing.getText()).contains("案件不存在");
        }
    }

    @Test
    void aSchoolSeesTheRelapseStepOnAReturnedCaseButNotTheClosing() throws Exception {
        String token = DemoApi.token("demo-school");
        String caseId = firstRow(token, "status=RETURNED", r -> true).map(r -> r.path("caseId").asText())
                                                                     .orElseGet(() -> returnOne(token));
        try (Browser browser = Browser.open(1366, 768)) {
            DemoProduct.signInAtDesk(browser, "demo-school");
            WebDriverWait wait = open(browser, caseId);
            WebElement actions = wait.until(ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("[data-test=actions] [data-step=RecordRelapse]")));
            assertThat(actions.getText()).contains("登记复辍");
            String bar = browser.driver.findElement(By.cssSelector("[data-test=actions]")).getText();
            assertThat(bar).contains("销号").doesNotContain("结案");
            assertThat(browser.driver.findElements(By.cssSelector("[data-test=actions] [data-step=CloseCase]")))
                    .isEmpty();
            assertThat(browser.driver.findElement(By.cssSelector("[data-test=case-status]")).getText())
                    .isEqualTo("已返校观察中");
            browser.screenshot("case-page-school-returned-1366x768");
        }
    }

    // ------------------------------------------------------------------ helpers

    private static WebDriverWait open(Browser browser, String caseId) {
        browser.driver.get(DemoProduct.url() + "/cases/" + caseId);
        return new WebDriverWait(browser.driver, Duration.ofSeconds(30), Browser.POLL);
    }

    /** No returned case of the school's at the moment: the school records one of its students' returns to itself. */
    private String returnOne(String token) {
        JsonNode row = firstRow(token, "status=CONFIRMED_DROPOUT&status=PERSUADING", r -> true).orElseThrow(
                () -> new AssertionError("the demo school has a case to return"));
        String caseId = row.path("caseId").asText();
        JsonNode grade = row.path("lastSchool").path("grade");
        Map<String, Object> body = Map.of("returnedOn", LocalDate.now(ZoneId.of("Asia/Shanghai")).toString(),
                "schoolName", "清溪镇中心小学", "schoolCode", SCHOOL,
                "grade", grade.isMissingNode() || grade.isNull() ? "GRADE_6" : grade.path("code").asText(),
                "className", "（1）班", "placement", "REGULAR_CLASS");
        JsonNode answer = DemoApi.send("POST", "/api/cases/" + caseId + "/return", token, body);
        assertThat(answer.path("caseId").asText()).as("%s", answer).isEqualTo(caseId);
        // The read side follows within a second or so.
        new FluentWait<>(token).withTimeout(Duration.ofSeconds(20)).pollingEvery(Browser.POLL)
                .until(t -> firstRow(t, "status=RETURNED", r -> r.path("caseId").asText().equals(caseId)).isPresent());
        return caseId;
    }

    private List<String> allowedSteps(String token, String role, String status) {
        List<String> allowed = new ArrayList<>();
        for (JsonNode step : DemoApi.send("GET", "/api/case-steps", token, null)) {
            // A step only a list import records (再次下发) is not offered on the case page.
            if (texts(step.path("roles")).contains(role) && texts(step.path("statuses")).contains(status)
                    && step.path("onCasePage").asBoolean(true)) {
                allowed.add(step.path("step").asText());
            }
        }
        assertThat(allowed).as("the table allows TOWN something in %s", status).isNotEmpty();
        return allowed;
    }

    private java.util.Optional<JsonNode> firstRow(String token, String query, Predicate<JsonNode> keep) {
        JsonNode page = DemoApi.send("GET", "/api/ledgers/sanbang?size=200" + (query.isEmpty() ? "" : "&" + query), token,
                             null);
        for (JsonNode row : page.path("rows")) {
            if (keep.test(row)) {
                return java.util.Optional.of(row);
            }
        }
        return java.util.Optional.empty();
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }
}
