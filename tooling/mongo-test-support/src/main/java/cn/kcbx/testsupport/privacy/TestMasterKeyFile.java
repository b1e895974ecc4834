package cn.kcbx.testsupport.privacy;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * Tests generate their own keys: one random master key file and one duplicate-case lookup key file per test JVM,
 * offered to every Spring context as {@code kcbx.privacy.master-key-file} and {@code kcbx.case.student-key-file}
 * with the lowest precedence (a test that sets the property wins), and the place of the personal data lookup key
 * ({@code kcbx.privacy.lookup-key-file}, in a directory of the JVM's own: the first service derives it from the master
 * key and writes it there, as on an installation from before the two keys were separated).
 */
public class TestMasterKeyFile implements EnvironmentPostProcessor {

    public static final String PROPERTY = "kcbx.privacy.master-key-file";
    public static final String LOOKUP_KEY_PROPERTY = "kcbx.case.student-key-file";
    public static final String PERSONAL_DATA_LOOKUP_KEY_PROPERTY = "kcbx.privacy.lookup-key-file";
    private static Path file;
    private static Path lookupKeyFile;
    private static Path personalDataLookupKeyFile;

    /** The JVM's test master key file, created on first use. */
    public static synchronized Path get() {
        if (file == null) {
            file = newKeyFile("kcbx-test-master-");
        }
        return file;
    }

    /** The JVM's test duplicate-case lookup key file, created on first use. */
    public static synchronized Path lookupKey() {
        if (lookupKeyFile == null) {
            lookupKeyFile = newKeyFile("kcbx-test-lookup-");
        }
        return lookupKeyFile;
    }

    /** Where the JVM's personal data lookup key is (written by the first service that starts). */
    public static synchronized Path personalDataLookupKey() {
        if (personalDataLookupKeyFile == null) {
            try {
                Path directory = Files.createTempDirectory("kcbx-test-personal-data-lookup-");
                directory.toFile().deleteOnExit();
                personalDataLookupKeyFile = directory.resolve("kcbx-personal-data-lookup.key");
                personalDataLookupKeyFile.toFile().deleteOnExit();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return personalDataLookupKeyFile;
    }

    private static Path newKeyFile(String prefix) {
        try {
            Path created = Files.createTempFile(prefix, ".key");
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            Files.writeString(created, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
            created.toFile().deleteOnExit();
            return created;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        environment.getPropertySources().addLast(new MapPropertySource(
                "kcbx-test-master-key", Map.of(PROPERTY, get().toString(), LOOKUP_KEY_PROPERTY, lookupKey().toString(),
                                               PERSONAL_DATA_LOOKUP_KEY_PROPERTY,
                                               personalDataLookupKey().toString())));
    }
}
