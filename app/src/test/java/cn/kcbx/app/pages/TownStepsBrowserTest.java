package cn.kcbx.app.pages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.FluentWait;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The town's case steps in a real browser (待核实, /town/verification): the town confirms a case awaiting verification
 * and it leaves the list; it puts the 三帮一 helpers in place on the day it gives (today unless changed) and the case
 * is 劝返中; a refusal only the server can make (the new helper's phone is one another helper already uses, which the
 * page sees masked; a 落实日期 before the confirmation) shows next to the field and keeps what was typed; a disability
 * is recorded with the day it was verified; a village team may confirm but not close a case as "not a dropout". Each
 * test
 * opens its own case through the API: the demo county loads in the background with its clock in the past, and its
 * cases change state while it does.
 */
@ResourceLock(value = DemoProduct.DEMO_COUNTY, mode = ResourceAccessMode.READ)
class TownStepsBrowserTest {

    private static final ZoneId CHINA = DemoCases.CHINA;
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void theTownConfirmsACaseAwaitingVerificationAndItLeavesTheList() {
        String token = DemoApi.token("demo-town");
        String caseId = DemoCases.identify(token);
        try (Browser browser = Browser.open(1366, 768)) {
            DemoProduct.signInAtDesk(browser, "demo-town");
            WebDriverWait wait = openVerification(browser);
            wait.until(ExpectedConditions.visibilityOfElementLocated(rowOf("verify-table", caseId)));
            // How and when it was found: the channel's label (from the case's history) and the date.
            wait.until(d -> d.findElement(rowOf("verify-table", caseId)).getText().contains("村级摸排"));
            WebElement row = browser.driver.findElement(rowOf("verify-table", caseId));
            assertThat(row.getText()).contains("待核实").contains(LocalDate.now(CHINA).toString());
            assertThat(row.findElements(By.cssSelector("[data-test=not-dropout]"))).hasSize(1);
            browser.screenshot("town-verification-1366x768");

            row.findElement(By.cssSelector("[data-test=confirm]")).click();
            WebElement dialog = visibleDialog(browser, wait);
            assertThat(dialog.getText()).contains("核实确认辍学").contains("核实日期");
            dialog.findElement(By.cssSelector("textarea[name=note]")).sendKeys("入户核实，学生连续四周未到校");
            dialog.findElement(By.cssSelector("[data-test=submit]")).click();

            wait.until(ExpectedConditions.invisibilityOfElementLocated(rowOf("verify-table", caseId)));
            assertThat(browser.driver.findElements(rowOf("verify-table", caseId))).isEmpty();
        }
        DemoCases.awaitStatus(token, caseId, "CONFIRMED_DROPOUT");
    }

    @Test
    void theTownAssignsTheTrioAndAHelperPhoneOnlyTheServerCanRefuseShowsAtTheFieldWithWhatWasTyped() {
        String token = DemoApi.token("demo-town");
        String caseId = DemoCases.confirm(token, DemoCases.identify(token));
        String teacherPhone = mobile();
        String guardianPhone = mobile();
        try (Browser browser = Browser.open(1366, 768)) {
            DemoProduct.signInAtDesk(browser, "demo-town");
            WebDriverWait wait = openVerification(browser);
            browser.driver.findElement(By.id("tab-trio")).click();
            WebElement row = wait.until(ExpectedConditions.visibilityOfElementLocated(rowOf("trio-table", caseId)));
            row.findElement(By.cssSelector("[data-test=assign-trio]")).click();
            WebElement dialog = visibleDialog(browser, wait);
            assertThat(dialog.getText()).contains("落实日期").contains("帮扶教师").contains("帮扶村干部")
                                        .contains("家长（监护人）");
            assertThat(value(dialog, "assignedOn")).isEqualTo(DemoCases.today());
            browser.screenshot("town-trio-dialog-1366x768");

            type(dialog, "teacher.name", "林春华");
            type(dialog, "teacher.unitOrRelation", "清溪镇中心小学 班主任");
            type(dialog, "teacher.phone", teacherPhone);
            type(dialog, "villageCadre.name", "王建国");
            type(dialog, "villageCadre.unitOrRelation", "清溪镇村委会 主任");
            type(dialog, "villageCadre.phone", mobile());
            type(dialog, "guardian.name", "林大山");
            WebElement relation = dialog.findElement(By.cssSelector("[data-prop='guardian.unitOrRelation'] input"));
            relation.click();
            relation.sendKeys("父亲");
            relation.sendKeys(Keys.ENTER);
            type(dialog, "guardian.phone", guardianPhone);
            dialog.findElement(By.cssSelector("[data-test=submit]")).click();

            wait.until(ExpectedConditions.invisibilityOfElementLocated(rowOf("trio-table", caseId)));
        }
        JsonNode persuading = DemoCases.awaitStatus(token, caseId, "PERSUADING");
        assertThat(persuading.path("status").path("label").asText()).isEqualTo("劝返中");
        assertThat(storedEvent(token, caseId, "TrioAssigned").path("assignedOn").asText()).isEqualTo(DemoCases.today());
        assertThat(persuading.path("trio").path("teacher").path("name").asText()).isEqualTo("林春华");
        assertThat(persuading.path("trio").path("guardian").path("unitOrRelation").asText()).isEqualTo("父亲");

        // The page has only 139****1234 of each helper: that the new teacher's number is the guardian's, the server
        // alone can tell. Its refusal shows at the new helper, and nothing typed is lost.
        try (Browser browser = Browser.open(1366, 768)) {
            DemoProduct.signInAtDesk(browser, "demo-town");
            browser.driver.get(DemoProduct.url() + "/cases/" + caseId);
            WebDriverWait wait = new WebDriverWait(browser.driver, WAIT, Browser.POLL);
            wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-step=ReplaceTrioMember]"))).click();
            WebElement dialog = visibleDialog(browser, wait);
            dialog.findElement(By.xpath(".//label[contains(@class,'el-radio')][contains(., '教师')]")).click();
            wait.until(d -> !dialog.findElements(By.cssSelector("input[name='newMember.name']")).isEmpty());
            assertThat(value(dialog, "replacedOn")).isEqualTo(DemoCases.today());
            type(dialog, "newMember.name", "赵明远");
            type(dialog, "newMember.unitOrRelation", "清溪镇中心小学 数学教师");
            type(dialog, "newMember.phone", guardianPhone);
            dialog.findElement(By.cssSelector("textarea[name=reason]")).sendKeys("原帮扶教师调往县城任教");
            dialog.findElement(By.cssSelector("[data-test=submit]")).click();

            WebElement error = wait.until(ExpectedConditions.visibilityOfNestedElementsLocatedBy(dialog,
                    By.cssSelector(".helper .group-error"))).get(0);
            assertThat(error.getText()).contains("三个不同的人").contains("同一个手机号");
            assertThat(value(dialog, "newMember.name")).isEqualTo("赵明远");
            assertThat(value(dialog, "newMember.unitOrRelation")).isEqualTo("清溪镇中心小学 数学教师");
            assertThat(value(dialog, "newMember.phone")).isEqualTo(guardianPhone);
            assertThat(value(dialog, "replacedOn")).isEqualTo(DemoCases.today());
            assertThat(dialog.findElement(By.cssSelector("textarea[name=reason]")).getAttribute("value"))
                    .isEqualTo("原帮扶教师调往县城任教");
            assertThat(dialog.findElements(By.cssSelector(".el-alert--error"))).isEmpty();
            browser.screenshot("town-replace-trio-refused-1366x768");
        }
        JsonNode unchanged = DemoCases.awaitStatus(token, caseId, "PERSUADING");
        assertThat(unchanged.path("trio").path("teacher").path("name").asText()).isEqualTo("林春华");
    }

    /**
     * A county entering last year's ledger gives each step its own date. A 落实日期 before the day the case was
     * confirmed passes the page's checks (it is after the identification) but not the case's: the refusal shows at
     * the date, the helpers typed stay, and the corrected date is the one stored.
     */
    @Test
    void aTrioDatedBeforeTheConfirmationIsRefusedAtItsDateAndTheCorrectedDateIsStored() {
        String token = DemoApi.token("demo-town");
        LocalDate today = LocalDate.now(CHINA);
        String caseId = DemoCases.confirm(token, DemoCases.identify(token, "林小溪", today.minusDays(10).toString()),
                                          today.minusDays(5).toString());
        try (Browser browser = Browser.open(1366, 768)) {
            DemoProduct.signInAtDesk(browser, "demo-town");
            WebDriverWait wait = openVerification(browser);
            browser.driver.findElement(By.id("tab-trio")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(rowOf("trio-table", caseId)))
                .findElement(By.cssSelector("[data-test=assign-trio]")).click();
            WebElement dialog = visibleDialog(browser, wait);
            typeDate(wait, dialog, "assignedOn", today.minusDays(7).toString());
            type(dialog, "teacher.name", "林春华");
            type(dialog, "teacher.unitOrRelation", "清溪镇中心小学 班主任");
            type(dialog, "teacher.phone", mobile());
            type(dialog, "villageCadre.name", "王建国");
            type(dialog, "villageCadre.unitOrRelation", "清溪镇村委会 主任");
            type(dialog, "villageCadre.phone", mobile());
            type(dialog, "guardian.name", "林大山");
            WebElement relation = dialog.findElement(By.cssSelector("[data-prop='guardian.unitOrRelation'] input"));
            relation.click();
            relation.sendKeys("父亲");
            relation.sendKeys(Keys.ENTER);
            type(dialog, "guardian.phone", mobile());
            dialog.findElement(By.cssSelector("[data-test=submit]")).click();

            WebElement error = wait.until(ExpectedConditions.visibilityOfNestedElementsLocatedBy(dialog,
                    By.cssSelector("[data-prop='assignedOn'] .el-form-item__error"))).get(0);
            assertThat(error.getText()).contains("不能早于案件进入“已确认辍学”的日期")
                                       .contains(today.minusDays(5).toString());
            assertThat(value(dialog, "teacher.name")).isEqualTo("林春华");
            browser.screenshot("town-trio-date-refused-1366x768");

            typeDate(wait, dialog, "assignedOn", today.minusDays(5).toString());
            dialog.findElement(By.cssSelector("[data-test=submit]")).click();
            wait.until(ExpectedConditions.invisibilityOfElementLocated(rowOf("trio-table", caseId)));
        }
        DemoCases.awaitStatus(token, caseId, "PERSUADING");
        assertThat(storedEvent(token, caseId, "TrioAssigned").path("assignedOn").asText())
                .isEqualTo(today.minusDays(5).toString());
    }

    @Test
    void theTownRecordsADisabilityWithTheDayItWasVerified() {
        String token = DemoApi.token("demo-town");
        String caseId = DemoCases.identify(token, "林小满");
        try (Browser browser = Browser.open(1366, 768)) {
            DemoProduct.signInAtDesk(browser, "demo-town");
            browser.driver.get(DemoProduct.url() + "/cases/" + caseId);
            WebDriverWait wait = new WebDriverWait(browser.driver, WAIT, Browser.POLL);
            wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-step=RecordDisability]"))).click();
            WebElement dialog = visibleDialog(browser, wait);
            assertThat(dialog.getText()).contains("残疾情况核实日期").contains("不是残疾证的发证日期");
            assertThat(value(dialog, "verifiedOn")).isEqualTo(DemoCases.today());
            dialog.findElement(By.cssSelector("[data-prop=category] .el-select")).click();
            browser.pick(wait, By.xpath("//li[contains(@class,'el-select-dropdown__item')][normalize-space(.)='肢体残疾']"));
            dialog.findElement(By.xpath(".//label[contains(@class,'el-radio')][contains(., '一级')]")).click();
            type(dialog, "certificateReference", "残疾人证 4399****21");
            browser.screenshot("town-disability-dialog-1366x768");
            dialog.findElement(By.cssSelector("[data-test=submit]")).click();
            wait.until(ExpectedConditions.invisibilityOf(dialog));
        }
        JsonNode recorded = new FluentWait<>(token).withTimeout(WAIT)
                .pollingEvery(Browser.POLL).until(t -> {
                    JsonNode event = storedEvent(t, caseId, "DisabilityRecorded");
                    return event.isMissingNode() ? null : event;
                });
        assertThat(recorded.path("verifiedOn").asText()).isEqualTo(DemoCases.today());
        assertThat(recorded.path("level").asText()).isEqualTo("LEVEL_1");
    }

    @Test
    void theVerificationPageAndTheTrioDialogAtTheWideScreen() {
        String token = DemoApi.token("demo-town");
        DemoCases.confirm(token, DemoCases.identify(token));
        try (Browser browser = Browser.open(1920, 1080)) {
            DemoProduct.signInAtDesk(browser, "demo-town");
            WebDriverWait wait = openVerification(browser);
            assertThat(browser.driver.findElement(By.cssSelector(".verification h2")).getText()).isEqualTo("待核实案件");
            assertThat(browser.driver.findElement(By.cssSelector(".verification .sub")).getText()).contains("清溪镇");
            browser.screenshot("town-verification-1920x1080");
            browser.driver.findElement(By.id("tab-trio")).click();
            wait.until(ExpectedConditions.elementToBeClickable(
                    By.cssSelector("[data-test=trio-table] [data-test=assign-trio]"))).click();
            WebElement dialog = visibleDialog(browser, wait);
            assertThat(dialog.getText()).contains("落实“三帮一”帮扶人");
            browser.screenshot("town-trio-dialog-1920x1080");
        }
    }

    @Test
    void aVillageTeamMayConfirmOrScheduleARecheckButNotCloseAsNotADropout() {
        String village = DemoApi.token("demo-village");
        String caseId = DemoCases.identify(village);
        try (Browser browser = Browser.open(1366, 768)) {
            DemoProduct.signInAtDesk(browser, "demo-village");
            WebDriverWait wait = openVerification(browser);
            WebElement row = wait.until(ExpectedConditions.visibilityOfElementLocated(rowOf("verify-table", caseId)));
            assertThat(row.findElements(By.cssSelector("[data-test=confirm]"))).hasSize(1);
            assertThat(row.findElements(By.cssSelector("[data-test=recheck]"))).hasSize(1);
            assertThat(row.findElements(By.cssSelector("[data-test=not-dropout]"))).isEmpty();
        }
    }

    // ------------------------------------------------------------------ browser helpers

    private static WebDriverWait openVerification(Browser browser) {
        browser.driver.get(DemoProduct.url() + "/town/verification");
        // The table re-renders as rows and their timelines arrive: an element found a moment ago may be gone.
        WebDriverWait wait = new WebDriverWait(browser.driver, WAIT, Browser.POLL);
        wait.ignoring(StaleElementReferenceException.class);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-test=verify-table]")));
        wait.until(d -> d.findElements(By.cssSelector(".verification .el-loading-mask")).stream()
                         .noneMatch(WebElement::isDisplayed));
        return wait;
    }

    /** The table row that links to the case (the link is the student's name). */
    private static By rowOf(String table, String caseId) {
        return By.xpath("//*[@data-test='" + table + "']//tr[.//a[@href='/cases/" + caseId + "']]");
    }

    private static WebElement visibleDialog(Browser browser, WebDriverWait wait) {
        return wait.until(d -> d.findElements(By.cssSelector(".el-dialog")).stream().filter(WebElement::isDisplayed)
                                .findFirst().orElse(null));
    }

    private static void type(WebElement dialog, String name, String text) {
        WebElement input = dialog.findElement(By.cssSelector("input[name='" + name + "']"));
        input.clear();
        input.sendKeys(text);
    }

    private static String value(WebElement dialog, String name) {
        return dialog.findElement(By.cssSelector("input[name='" + name + "']")).getAttribute("value");
    }

    /** Types a day into a date picker (as a clerk may, instead of clicking through the calendar) and takes it. */
    private static void typeDate(WebDriverWait wait, WebElement dialog, String name, String day) {
        WebElement input = dialog.findElement(By.cssSelector("input[name='" + name + "']"));
        input.click();
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), day, Keys.ENTER);
        wait.until(d -> day.equals(input.getAttribute("value")));
    }

    // ------------------------------------------------------------------ API helpers

    /** The data of the case's first stored event of {@code type} (GET /api/cases/{id}/events), or a missing node. */
    private static JsonNode storedEvent(String token, String caseId, String type) {
        for (JsonNode event : DemoApi.get(token, "/api/cases/" + caseId + "/events")) {
            if (event.path("type").asText().equals(type)) {
                return event.path("data");
            }
        }
        return MissingNode.getInstance();
    }

    /** A mobile number no demo helper has: 139 and eight random digits. */
    private static String mobile() {
        return "139" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
    }
}
