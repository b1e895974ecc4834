package cn.kcbx.app.pages;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.openqa.selenium.By;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.FluentWait;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The administrator's pages against the whole product: an account opened on the page is listed, stopped on the page
 * and then refused at sign-in; the unit directory shows the county's towns and refuses a file with a bad row without
 * changing anything; the read-side page lists the projections the query service has.
 */
@ResourceLock(value = DemoProduct.DEMO_COUNTY, mode = ResourceAccessMode.READ)
class AdminPagesBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void anAccountOpenedAndStoppedOnThePageCannotSignIn() {
        JsonNode admin = DemoApi.signIn("demo-admin");
        String token = admin.path("token").asText();
        String county = admin.path("user").path("unit").asText();
        JsonNode village = first(directory(token, county), "VILLAGE");
        String username = "t" + UUID.randomUUID().toString().substring(0, 8);
        try (Browser browser = Browser.open(1366, 768)) {
            DemoProduct.signInAtDesk(browser, "demo-admin");
            WebDriverWait wait = new WebDriverWait(browser.driver, WAIT, Browser.POLL);
            browser.driver.get(DemoProduct.url() + "/admin/accounts");
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".accounts .state")));
            settled(wait);
            browser.screenshot("admin-accounts-1366x768");

            clickButton(browser, wait, "开设账号");
            WebElement name = wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("new-username")));
            name.sendKeys(username);
            browser.driver.findElement(By.name("new-display-name")).sendKeys("浏览器测试专干");
            browser.driver.findElement(By.xpath("//div[contains(@class,'create-account')]//label[contains(.,'村级')]")).click();
            // The unit is chosen from the directory's list, where it shows by its name (the code beside it).
            browser.driver.findElement(By.cssSelector(".create-account .unit-picker .el-select")).click();
            By option = By.xpath("//div[contains(@class,'unit-picker-popper')]"
                    + "//li[contains(@class,'el-select-dropdown__item')][.//span[text()='"
                    + village.path("code").asText() + "']]");
            WebElement item = wait.until(ExpectedConditions.presenceOfElementLocated(option));
            assertThat(item.getDomProperty("textContent")).contains(village.path("name").asText());
            browser.pick(wait, option);
            wait.until(ExpectedConditions.textToBePresentInElementLocated(
                    By.cssSelector(".create-account .unit-picker .el-select"), village.path("name").asText()));
            // The list folds away before 开设 is pressed: while it fades it lies over the dialog's footer.
            wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".unit-picker-popper")));
            wait.until(ExpectedConditions.elementToBeClickable(
                    By.cssSelector(".create-account .el-dialog__footer .el-button--primary"))).click();

            By secretValue = By.cssSelector(".one-time-password .secret-value input");
            By refusedByService = By.cssSelector(".create-account .el-alert--error");
            By refusedByForm = By.cssSelector(".create-account .el-alert--error, .create-account .el-form-item__error");
            // A field's message is not an outcome: one shown while the role was being chosen fades out after it.
            try {
                wait.until(ExpectedConditions.or(ExpectedConditions.visibilityOfElementLocated(secretValue),
                                                 ExpectedConditions.visibilityOfElementLocated(refusedByService)));
            } catch (TimeoutException noOutcome) {
                // Neither: the form kept the request back, and its messages say why.
            }
            if (browser.driver.findElements(secretValue).stream().noneMatch(WebElement::isDisplayed)) {
                List<String> refusals = browser.driver.findElements(refusedByForm).stream()
                        .filter(WebElement::isDisplayed).map(WebElement::getText).toList();
                browser.screenshot("admin-account-refused-1366x768");
                throw new AssertionError("the account was not opened: " + refusals);
            }
            WebElement secret = browser.driver.findElement(secretValue);
            String oneTimePassword = secret.getDomProperty("value");
            assertThat(oneTimePassword).as("the one-time password shown once").hasSizeGreaterThanOrEqualTo(10);
            assertThat(browser.driver.findElement(By.cssSelector(".one-time-password")).getText())
                    .contains("只显示这一次").contains("复制");
            browser.screenshot("admin-account-password-1366x768");
            browser.driver.findElement(By.cssSelector(".one-time-password .el-dialog__footer .el-button")).click();

            By state = By.cssSelector(".state[data-username='" + username + "']");
            wait.until(ExpectedConditions.textToBePresentInElementLocated(state, "启用"));
            JsonNode created = DemoApi.get(token, "/api/admin/accounts/" + username);
            assertThat(created.path("unit").asText()).isEqualTo(village.path("code").asText());
            assertThat(created.path("role").asText()).isEqualTo("VILLAGE");

            // Stop it on the page: confirmation first, then the state in the row changes.
            browser.driver.findElement(By.cssSelector("input[placeholder='用户名或姓名']")).sendKeys(username);
            wait.until(d -> d.findElements(By.cssSelector(".accounts .state")).size() == 1);
            WebElement stop = wait.until(ExpectedConditions.elementToBeClickable(By.xpath(
                    "//tr[.//span[@data-username='" + username + "']]//button[contains(.,'停用')]")));
            stop.click();
            wait.until(ExpectedConditions.elementToBeClickable(
                    By.cssSelector(".el-message-box__btns .el-button--primary"))).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(state, "已停用"));
            assertThat(DemoApi.get(token, "/api/admin/accounts/" + username).path("enabled").asBoolean()).isFalse();

            // The stopped account, with its right password, is refused on the sign-in page in Chinese.
            browser.driver.executeScript("sessionStorage.clear()");
            browser.driver.get(DemoProduct.url() + "/sign-in");
            wait.until(ExpectedConditions.elementToBeClickable(By.name("username"))).sendKeys(username);
            browser.driver.findElement(By.name("password")).sendKeys(oneTimePassword);
            browser.driver.findElement(By.cssSelector("button[type=submit]")).click();
            WebElement refusal = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".el-alert--error")));
            assertThat(refusal.getText()).contains("账号已停用");
            assertThat(browser.driver.getCurrentUrl()).contains("/sign-in");
        }
    }

    @Test
    void theDirectoryShowsTheTownsAndABadFileChangesNothing() throws IOException {
        JsonNode admin = DemoApi.signIn("demo-admin");
        String token = admin.path("token").asText();
        String county = admin.path("user").path("unit").asText();
        JsonNode before = directory(token, county);
        int changesBefore = DemoApi.get(token, "/api/directory/" + county + "/changes").size();
        List<String> towns = new ArrayList<>();
        before.path("units").forEach(unit -> {
            if (unit.path("kind").asText().equals("TOWN") && inUse(unit)) {
                towns.add(unit.path("name").asText());
            }
        });
        assertThat(towns).as("the demo county's towns").isNotEmpty();
        JsonNode town = first(before, "TOWN");

        // Row 2 repeats a town as it is; row 3 has a kind nobody knows.
        Path file = Files.createTempFile("directory-", ".csv");
        Files.writeString(file, "\uFEFF单位类别,代码,名称\r\n乡镇," + town.path("code").asText() + ","
                + town.path("name").asText() + "\r\n村庄," + town.path("code").asText() + "299,新设村\r\n",
                StandardCharsets.UTF_8);
        try (Browser browser = Browser.open(1366, 768)) {
            DemoProduct.signInAtDesk(browser, "demo-admin");
            WebDriverWait wait = new WebDriverWait(browser.driver, WAIT, Browser.POLL);
            browser.driver.get(DemoProduct.url() + "/admin/directory");
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".units .kind-TOWN")));
            settled(wait);
            String table = browser.driver.findElement(By.cssSelector(".units")).getText();
            assertThat(table).contains(towns);
            browser.screenshot("admin-directory-1366x768");

            clickButton(browser, wait, "导入");
            WebElement input = wait.until(ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector(".import-dialog input[type=file]")));
            input.sendKeys(file.toAbsolutePath().toString());
            wait.until(ExpectedConditions.elementToBeClickable(
                    By.cssSelector(".import-dialog .el-dialog__footer .el-button--primary"))).click();
            WebElement problems = wait.until(ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector(".import-dialog .import-problems")));
            List<WebElement> rows = problems.findElements(By.cssSelector("tbody tr"));
            assertThat(rows).hasSize(1);
            List<WebElement> cells = rows.get(0).findElements(By.cssSelector("td"));
            assertThat(cells.get(0).getText()).isEqualTo("3");
            assertThat(cells.get(1).getText()).isEqualTo("单位类别");
            assertThat(cells.get(2).getText()).contains("村庄").contains("无法识别");
            assertThat(browser.driver.findElement(By.cssSelector(".import-dialog .import-refusal")).getText())
                    .contains("未导入任何内容");
            browser.screenshot("admin-directory-import-1366x768");
        } finally {
            Files.deleteIfExists(file);
        }
        JsonNode after = DemoApi.get(token, "/api/directory/" + county);
        assertThat(after.path("units")).isEqualTo(before.path("units"));
        assertThat(DemoApi.get(token, "/api/directory/" + county + "/changes").size()).isEqualTo(changesBefore);
    }

    @Test
    void theReadSidePageListsTheProjections() {
        String token = DemoApi.signIn("demo-admin").path("token").asText();
        List<String> names = new ArrayList<>();
        DemoApi.get(token, "/api/admin/projections").forEach(p -> names.add(p.path("name").asText()));
        assertThat(names).isNotEmpty();
        try (Browser browser = Browser.open(1366, 768)) {
            DemoProduct.signInAtDesk(browser, "demo-admin");
            WebDriverWait wait = new WebDriverWait(browser.driver, WAIT, Browser.POLL);
            browser.driver.get(DemoProduct.url() + "/admin/projections");
            wait.until(d -> d.findElements(By.cssSelector(".projections tbody tr")).size() == names.size());
            settled(wait);
            String table = browser.driver.findElement(By.cssSelector(".projections")).getText();
            assertThat(table).contains(names);
            assertThat(browser.driver.findElement(By.cssSelector(".check")).getText()).contains("与事件库核对");
            browser.screenshot("admin-projections-1366x768");
        }
    }

    @Test
    void everyAdminPageAtFullHd() {
        try (Browser browser = Browser.open(1920, 1080)) {
            DemoProduct.signInAtDesk(browser, "demo-admin");
            WebDriverWait wait = new WebDriverWait(browser.driver, WAIT, Browser.POLL);
            Map<String, String> pages = Map.of("admin-accounts", ".accounts .state", "admin-directory",
                                               ".units .kind-TOWN", "admin-projections", ".projections tbody tr");
            for (Map.Entry<String, String> page : pages.entrySet()) {
                browser.driver.get(DemoProduct.url() + "/" + page.getKey().replace("admin-", "admin/"));
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(page.getValue())));
                settled(wait);
                browser.screenshot(page.getKey() + "-1920x1080");
            }
            // The county bureau keeps its directory too; accounts stay the administrator's.
            DemoProduct.signInAtDesk(browser, "demo-county");
            browser.driver.get(DemoProduct.url() + "/admin/accounts");
            wait.until(ExpectedConditions.urlContains("/forbidden"));
            browser.driver.get(DemoProduct.url() + "/admin/directory");
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".units .kind-TOWN")));
            assertThat(browser.driver.findElement(By.cssSelector(".menu")).getText()).contains("单位目录")
                    .doesNotContain("账号管理");
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** No table of the page is still loading (its mask would grey the screenshot). */
    private static void settled(WebDriverWait wait) {
        wait.until(d -> Boolean.TRUE.equals(((org.openqa.selenium.JavascriptExecutor) d).executeScript(
                "return [...document.querySelectorAll('.el-loading-mask')].every(m => m.offsetParent === null)")));
    }

    private static void clickButton(Browser browser, WebDriverWait wait, String text) {
        wait.until(ExpectedConditions.elementToBeClickable(
                By.xpath("//div[contains(@class,'page-head')]//button[contains(.,'" + text + "')]"))).click();
    }

    /** The first unit of a kind in use in a directory answer. */
    private static JsonNode first(JsonNode directory, String kind) {
        for (JsonNode unit : directory.path("units")) {
            if (unit.path("kind").asText().equals(kind) && inUse(unit)) {
                return unit;
            }
        }
        throw new AssertionError("the demo directory has no " + kind + " in use");
    }

    /**
     * The county's directory once the demo has loaded it: the product answers before the demo data is in, and the
     * first test of the JVM may come that early.
     */
    private static JsonNode directory(String token, String county) {
        return new FluentWait<>(county).withTimeout(Duration.ofSeconds(90)).pollingEvery(Browser.POLL)
                .until(code -> {
                    JsonNode directory = DemoApi.get(token, "/api/directory/" + code);
                    return directory.path("towns").asInt() > 0 ? directory : null;
                });
    }

    private static boolean inUse(JsonNode unit) {
        return unit.path("retiredOn").isMissingNode() || unit.path("retiredOn").isNull();
    }

}
