package cn.kcbx.testsupport.privacy;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The key files the services generate on first use, one set per test JVM in a fresh temporary directory: the key that
 * seals sign-in sessions ({@code kcbx.security.session-key-file}) and the key phones seal offline registrations for
 * ({@code kcbx.case.intake-sealing-key-file}). Offered to every Spring context with the lowest precedence (a test that
 * sets a property wins), so that the case and query services of one test share them as in production.
 */
public class TestKeyFiles implements EnvironmentPostProcessor {

    public static final String SESSION_KEY_PROPERTY = "kcbx.security.session-key-file";
    public static final String INTAKE_SEALING_KEY_PROPERTY = "kcbx.case.intake-sealing-key-file";
    private static Path directory;

    /** Where the JVM's test session key lives (the service creates it there). */
    public static Path sessionKey() {
        return file("session.key");
    }

    /** Where the JVM's test intake sealing key lives (the service creates it there). */
    public static Path intakeSealingKey() {
        return file("intake-sealing.key");
    }

    private static synchronized Path file(String name) {
        if (directory == null) {
            try {
                directory = Files.createTempDirectory("kcbx-test-keys-");
                directory.toFile().deleteOnExit();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Path file = directory.resolve(name);
        file.toFile().deleteOnExit();
        return file;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        environment.getPropertySources().addLast(new MapPropertySource("kcbx-test-key-files", Map.of(
                SESSION_KEY_PROPERTY, sessionKey().toString(),
                INTAKE_SEALING_KEY_PROPERTY, intakeSealingKey().toString())));
    }
}
