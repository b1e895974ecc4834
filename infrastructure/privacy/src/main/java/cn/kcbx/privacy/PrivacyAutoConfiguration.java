package cn.kcbx.privacy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.data.mongo.MongoDataAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.data.mongodb.MongoDatabaseFactory;
import org.springframework.util.StringUtils;

import java.nio.file.Path;
import java.time.Clock;

/** The students' data keys on the application's MongoDB database, wrapped by the master key from its file. */
@AutoConfiguration(after = MongoDataAutoConfiguration.class)
@ConditionalOnBean(MongoDatabaseFactory.class)
@EnableConfigurationProperties(PrivacyProperties.class)
public class PrivacyAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(PrivacyAutoConfiguration.class);
    static final String DEFAULT_FILE_NAME = "kcbx-master.key";

    @Bean
    StudentKeys studentKeys(MongoDatabaseFactory databaseFactory, PrivacyProperties properties,
                            Environment environment) {
        MasterKey masterKey;
        if (properties.masterKeyFile() != null) {
            masterKey = MasterKey.load(properties.masterKeyFile(), false);
        } else if (runsOnEmbeddedStore(environment)) {
            Path file = defaultFile(environment);
            log.info("Master key for personal data: {} (generated on first start; back it up, see deploy/README.md)",
                     file.toAbsolutePath());
            masterKey = MasterKey.load(file, true);
        } else {
            throw new IllegalStateException("kcbx.privacy.master-key-file is not set. With a MongoDB of its own "
                    + "(spring.data.mongodb.uri) each service needs the path of the master key file that encrypts "
                    + "personal data; see deploy/README.md.");
        }
        return new StudentKeys(databaseFactory.getMongoDatabase(), masterKey, Clock.systemUTC());
    }

    @Bean
    PersonalDataSeal personalDataSeal(StudentKeys studentKeys) {
        return new PersonalDataSeal(studentKeys);
    }

    /** {@code kcbx-master.key} in the embedded store's data directory. */
    public static Path defaultFile(Environment environment) {
        return inDataDirectory(environment, DEFAULT_FILE_NAME);
    }

    /** A key file's default place: the embedded store's data directory. */
    public static Path inDataDirectory(Environment environment, String fileName) {
        return Binder.get(environment).bind("kcbx.embedded-mongo.data-directory", Path.class)
                     .orElse(Path.of("data")).resolve(fileName);
    }

    /** True when no MongoDB of its own is configured: the service runs on (or beside) the embedded store. */
    public static boolean runsOnEmbeddedStore(Environment environment) {
        return !StringUtils.hasText(environment.getProperty("spring.data.mongodb.uri"))
                && environment.getProperty("kcbx.embedded-mongo.enabled", Boolean.class, true);
    }
}
