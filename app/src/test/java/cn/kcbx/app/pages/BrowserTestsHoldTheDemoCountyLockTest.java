package cn.kcbx.app.pages;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The app's test classes run two at a time (junit-platform.properties). A browser test class without the demo
 * county's lock would run beside one that compares the county's figures, and both would fail now and then: each must
 * say whether it holds the county alone or shares it.
 */
class BrowserTestsHoldTheDemoCountyLockTest {

    @Test
    void everyBrowserTestClassHoldsTheDemoCountyLock() throws IOException, URISyntaxException, ClassNotFoundException {
        Path here = Path.of(getClass().getResource(getClass().getSimpleName() + ".class").toURI()).getParent();
        List<String> browserTests;
        try (Stream<Path> files = Files.list(here)) {
            browserTests = files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith("BrowserTest.class"))
                    .map(name -> name.substring(0, name.length() - ".class".length()))
                    .sorted()
                    .toList();
        }
        assertThat(browserTests).hasSizeGreaterThanOrEqualTo(10);
        for (String name : browserTests) {
            ResourceLock lock = Class.forName(getClass().getPackageName() + "." + name).getAnnotation(ResourceLock.class);
            assertThat(lock).as("@ResourceLock on %s", name).isNotNull();
            assertThat(lock.value()).as("the lock %s holds", name).isEqualTo(DemoProduct.DEMO_COUNTY);
        }
    }
}
