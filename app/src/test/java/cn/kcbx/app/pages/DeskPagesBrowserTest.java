package cn.kcbx.app.pages;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The desk pages in a real browser against the whole product with a small demo county: one address (the case
 * service's port) for the pages and both services, each demo role signs in and sees its own unit by name.
 */
@ResourceLock(value = DemoProduct.DEMO_COUNTY, mode = ResourceAccessMode.READ)
class DeskPagesBrowserTest {

    private static final String PASSWORD = DemoProduct.PASSWORD;

    record Role(String username, String unitName, String roleLabel) {
    }

    @Test
    void everyDemoRoleSignsInAtTheOneAddressAndSeesItsUnitByName() {
        List<Role> roles = List.of(new Role("demo-county", "清溪县", "县级"),
                                   new Role("demo-town", "清溪镇", "乡镇"),
                                   new Role("demo-school", "清溪镇中心小学", "学校"),
                                   new Role("demo-admin", "清溪县", "系统管理员"));
        try (Browser browser = Browser.open(1366, 768)) {
            for (Role role : roles) {
                browser.driver.manage().deleteAllCookies();
                browser.driver.get(DemoProduct.url() + "/");
                WebDriverWait wait = new WebDriverWait(browser.driver, Duration.ofSeconds(20), Browser.POLL);
                wait.until(ExpectedConditions.urlContains("/sign-in"));
                browser.driver.executeScript("sessionStorage.clear()");
                if (role == roles.get(0)) {
                    browser.screenshot("sign-in-1366x768");
                }
                WebElement username = wait.until(ExpectedConditions.elementToBeClickable(By.name("username")));
                username.sendKeys(role.username());
                browser.driver.findElement(By.name("password")).sendKeys(PASSWORD);
                browser.driver.findElement(By.cssSelector("button[type=submit]")).click();
                WebElement unit = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".who .unit")));
                assertThat(unit.getText()).isEqualTo(role.unitName());
                assertThat(browser.driver.findElement(By.cssSelector(".who")).getText()).contains(role.roleLabel());
                browser.screenshot("home-" + role.username() + "-1366x768");
                browser.driver.findElement(By.xpath("//button[.//span[text()='退出']]")).click();
                wait.until(ExpectedConditions.urlContains("/sign-in"));
            }
        }
    }

    @Test
    void aWrongPasswordIsSaidInChineseAndTheUserNameStays() {
        try (Browser browser = Browser.open(1366, 768)) {
            browser.driver.get(DemoProduct.url() + "/sign-in");
            WebDriverWait wait = new WebDriverWait(browser.driver, Duration.ofSeconds(20), Browser.POLL);
            wait.until(ExpectedConditions.elementToBeClickable(By.name("username"))).sendKeys("demo-town");
            browser.driver.findElement(By.name("password")).sendKeys("Wrong2026pass");
            browser.driver.findElement(By.cssSelector("button[type=submit]")).click();
            WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".error")));
            assertThat(error.getText()).contains("用户名或密码");
            assertThat(browser.driver.findElement(By.name("username")).getAttribute("value")).isEqualTo("demo-town");
            browser.screenshot("sign-in-refused-1366x768");
        }
    }
}
