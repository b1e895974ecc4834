package cn.kcbx.app.pages;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 名单导入 against the whole product: a town uploads a small pushed list, the progress bar runs to the end, the counts
 * show what became of each row, and the rows refused (a wrong check character, a village of another town) are listed
 * with row, column and reason.
 */
@ResourceLock(value = DemoProduct.DEMO_COUNTY, mode = ResourceAccessMode.READ)
class ListIntakeBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void aTownUploadsAList_watchesItFinish_andSeesTheRefusedRows() throws IOException {
        JsonNode town = DemoApi.signIn("demo-town");
        String token = town.path("token").asText();
        String townCode = town.path("user").path("unit").asText();
        JsonNode directory = DemoApi.get(token, "/api/directory/" + townCode.substring(0, 6));
        String ownVillage = null;
        String otherVillage = null;
        for (JsonNode unit : directory.path("units")) {
            if (unit.path("kind").asText().equals("VILLAGE")
                    && (unit.path("retiredOn").isNull() || unit.path("retiredOn").isMissingNode())) {
                if (unit.path("code").asText().startsWith(townCode)) {
                    ownVillage = ownVillage == null ? unit.path("code").asText() : ownVillage;
                } else {
                    otherVillage = otherVillage == null ? unit.path("code").asText() : otherVillage;
                }
            }
        }
        assertThat(ownVillage).isNotNull();
        assertThat(otherVillage).isNotNull();
        String on = LocalDate.now(ZoneId.of("Asia/Shanghai")).minusDays(2).toString();
        String wrong = DemoCases.fictionalIdNumber();
        wrong = wrong.substring(0, 17) + (wrong.charAt(17) == '0' ? '1' : '0');
        Path file = Files.createTempFile("名单-", ".csv");
        Files.writeString(file, "\uFEFF姓名,身份证号,户籍所在村代码,下发日期\r\n"
                + "林小禾," + DemoCases.fictionalIdNumber() + "," + ownVillage + "," + on + "\r\n"
                + "苏若溪," + DemoCases.fictionalIdNumber() + "," + ownVillage + "," + on + "\r\n"
                + "吴晓川," + wrong + "," + ownVillage + "," + on + "\r\n"
                + "陈果果," + DemoCases.fictionalIdNumber() + "," + otherVillage + "," + on + "\r\n", StandardCharsets.UTF_8);
        try (Browser browser = Browser.open(1366, 768)) {
            DemoProduct.signInAtDesk(browser, "demo-town");
            WebDriverWait wait = new WebDriverWait(browser.driver, WAIT, Browser.POLL);
            assertThat(browser.driver.findElement(By.cssSelector(".menu")).getText()).contains("名单导入");
            browser.driver.get(DemoProduct.url() + "/town/list-intake");
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-test=template-xlsx]")));
            browser.screenshot("list-intake-1366x768");

            browser.driver.findElement(By.cssSelector("input[data-test=batch], [data-test=batch] input")).sendKeys("浏览器测试批次");
            WebElement input = browser.driver.findElement(By.cssSelector(".dropzone input[type=file]"));
            input.sendKeys(file.toAbsolutePath().toString());
            wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-test=submit]"))).click();

            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-test=job-message]"),
                                                                           "导入完成"));
            assertThat(browser.driver.findElement(By.cssSelector("[data-test=progress]")).getText()).contains("100%");
            assertThat(browser.driver.findElement(By.cssSelector("[data-test=opened]")).getText()).isEqualTo("2");
            assertThat(browser.driver.findElement(By.cssSelector("[data-test=refused]")).getText()).isEqualTo("2");
            List<WebElement> rows = browser.driver.findElements(By.cssSelector("[data-test=refused-rows] tbody tr"));
            assertThat(rows).hasSize(2);
            List<WebElement> first = rows.get(0).findElements(By.cssSelector("td"));
            assertThat(first.get(0).getText()).isEqualTo("4");
            assertThat(first.get(1).getText()).isEqualTo("身份证号");
            assertThat(first.get(2).getText()).contains("校验位");
            List<WebElement> second = rows.get(1).findElements(By.cssSelector("td"));
            assertThat(second.get(0).getText()).isEqualTo("5");
            assertThat(second.get(1).getText()).isEqualTo("户籍所在村代码");
            assertThat(browser.driver.findElement(By.cssSelector("[data-test=result]")).isDisplayed()).isTrue();
            browser.screenshot("list-intake-done-1366x768");
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
