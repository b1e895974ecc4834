package cn.kcbx.caseservice.studentregistry;

import cn.kcbx.embeddedmongo.KeyFiles;
import cn.kcbx.privacy.PrivacyAutoConfiguration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The key of the HMAC that turns an ID number into the duplicate-case lookup key. It has no default: an ID number has
 * so few possible values that its HMAC under a known key is reversed by trying them all (seconds). On the embedded
 * store it is generated at the first start next to the data file, like the master key; with a MongoDB of its own the
 * service does not start without one.
 */
public final class StudentLookupKey {

    static final String DEFAULT_FILE_NAME = "kcbx-student-lookup.key";
    /** The development key earlier versions fell back to: published with the code, so never accepted. */
    static final String PUBLISHED_DEVELOPMENT_KEY = "development-only-student-key-secret";
    private static final int MIN_SECRET_LENGTH = 16;

    private static final Logger log = LoggerFactory.getLogger(StudentLookupKey.class);

    private StudentLookupKey() {
    }

    /**
     * @param keyFile {@code kcbx.case.student-key-file}, or null
     * @param secret  {@code kcbx.case.student-key-secret}, or null
     */
    public static byte[] resolve(Path keyFile, String secret, Environment environment) {
        if (keyFile != null) {
            return KeyFiles.load(keyFile, false, "Student lookup key", "point kcbx.case.student-key-file at it");
        }
        if (secret != null) {
            if (secret.equals(PUBLISHED_DEVELOPMENT_KEY) || secret.length() < MIN_SECRET_LENGTH) {
                throw new IllegalStateException("kcbx.case.student-key-secret is the published development key or "
                        + "shorter than " + MIN_SECRET_LENGTH + " characters: ID numbers could be recovered from the "
                        + "duplicate-case registry. Use kcbx.case.student-key-file (see deploy/README.md).");
            }
            return secret.getBytes(StandardCharsets.UTF_8);
        }
        if (PrivacyAutoConfiguration.runsOnEmbeddedStore(environment)) {
            Path file = PrivacyAutoConfiguration.inDataDirectory(environment, DEFAULT_FILE_NAME);
            log.info("Duplicate-case lookup key: {} (generated on first start; back it up with the master key)",
                     file.toAbsolutePath());
            return KeyFiles.load(file, true, "Student lookup key", "point kcbx.case.student-key-file at it");
        }
        throw new IllegalStateException("kcbx.case.student-key-file is not set. With a MongoDB of its own "
                + "(spring.data.mongodb.uri) the case service needs the file of the key that turns ID numbers into the "
                + "duplicate-case lookup key; there is no default. See deploy/README.md.");
    }
}
