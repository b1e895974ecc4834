package cn.kcbx.privacy;

import cn.kcbx.embeddedmongo.EmbeddedMongoServer;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.data.mongo.MongoDataAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.mongodb.MongoDatabaseFactory;
import org.springframework.util.StringUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/** The students' data keys on the application's MongoDB database, wrapped by the master key from its file. */
@AutoConfiguration(after = MongoDataAutoConfiguration.class)
@ConditionalOnBean(MongoDatabaseFactory.class)
@EnableConfigurationProperties(PrivacyProperties.class)
public class PrivacyAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(PrivacyAutoConfiguration.class);
    static final String DEFAULT_FILE_NAME = "kcbx-master.key";
    public static final String LOOKUP_KEY_FILE_NAME = "kcbx-personal-data-lookup.key";

    @Bean
    MasterKeys masterKeys(PrivacyProperties properties, Environment environment) {
        List<MasterKey> next = properties.nextMasterKeyFile() == null ? List.of()
                : List.of(MasterKey.load(properties.nextMasterKeyFile(), false));
        List<MasterKey> previous = properties.previousMasterKeyFiles().stream()
                                             .map(file -> MasterKey.load(file, false)).toList();
        Path masterKeyFile = masterKeyFile(properties, environment);
        if (properties.masterKeyFile() == null) {
            log.info("Master key for personal data: {} (generated on first start; back it up, see deploy/README.md)",
                     masterKeyFile.toAbsolutePath());
        }
        MasterKeys masterKeys = new MasterKeys(MasterKey.load(masterKeyFile, properties.masterKeyFile() == null),
                                               next, previous);
        if (!next.isEmpty() || !previous.isEmpty()) {
            log.info("Master keys of personal data: wrapping with {}, unwrapping also with next {} and previous {}",
                     masterKeys.current().id(), next.stream().map(MasterKey::id).toList(),
                     previous.stream().map(MasterKey::id).toList());
        }
        return masterKeys;
    }

    @Bean
    StudentKeys studentKeys(MongoDatabaseFactory databaseFactory, MasterKeys masterKeys, PrivacyProperties properties,
                            Environment environment, ObjectProvider<EmbeddedMongoServer> storeInThisProcess) {
        LookupKey lookupKey = lookupKey(lookupKeyFile(properties, environment), masterKeys);
        return new StudentKeys(databaseFactory.getMongoDatabase(), masterKeys, lookupKey, Clock.systemUTC(),
                               storeInThisProcess.getIfAvailable() != null);
    }

    @Bean(destroyMethod = "close")
    MasterKeyRewrap masterKeyRewrap(StudentKeys studentKeys, MasterKeys masterKeys, PrivacyProperties properties) {
        MasterKeyRewrap rewrap = new MasterKeyRewrap(studentKeys, masterKeys);
        rewrap.start(properties.rewrapInterval());
        return rewrap;
    }

    /** The rotation's progress as a gauge, where the service has metrics. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterBinder.class)
    static class RotationMetrics {

        @Bean
        MeterBinder masterKeyRotationGauge(MasterKeyRewrap rewrap) {
            return registry -> Gauge.builder("kcbx.data.keys.wrapped.by.previous.master.key", rewrap,
                                             MasterKeyRewrap::left)
                                    .description("Live data keys wrapped by a master key other than the current one: "
                                                         + "0 once a rotation is complete (-1 before the first count)")
                                    .register(registry);
        }
    }

    private static Path masterKeyFile(PrivacyProperties properties, Environment environment) {
        if (properties.masterKeyFile() != null) {
            return properties.masterKeyFile();
        }
        if (runsOnEmbeddedStore(environment)) {
            return defaultFile(environment);
        }
        throw new IllegalStateException("kcbx.privacy.master-key-file is not set. With a MongoDB of its own "
                + "(spring.data.mongodb.uri) each service needs the path of the master key file that encrypts "
                + "personal data; see deploy/README.md.");
    }

    /** {@code kcbx.privacy.lookup-key-file}, or {@code kcbx-personal-data-lookup.key} beside the master key file. */
    static Path lookupKeyFile(PrivacyProperties properties, Environment environment) {
        if (properties.lookupKeyFile() != null) {
            return properties.lookupKeyFile();
        }
        return masterKeyFile(properties, environment).toAbsolutePath().resolveSibling(LOOKUP_KEY_FILE_NAME);
    }

    /**
     * The lookup key from its file; without the file, derived from the master key as before the two were separated
     * (so every student hash stays valid) and written there when possible. With previous master keys configured the
     * derivation would be ambiguous (which of them was the first?), so the file must exist; the store's record of the
     * lookup key's id ({@link StudentKeys}) stops a wrong one in any case.
     */
    static LookupKey lookupKey(Path file, MasterKeys masterKeys) {
        if (Files.exists(file)) {
            return LookupKey.load(file);
        }
        if (masterKeys.hasPrevious()) {
            throw new IllegalStateException("The personal data lookup key file " + file + " does not exist, and "
                    + "previous master keys are configured (kcbx.privacy.previous-master-key-files), so it cannot "
                    + "be derived: derive it from the installation's original master key with " + exportCommand(
                    "<original master key file>", file) + " (or deploy/make-keys.sh), point "
                    + "kcbx.privacy.lookup-key-file at it, and start again (deploy/README.md, \"Rotating the master "
                    + "key\").");
        }
        LookupKey derived = masterKeys.current().derivedLookupKey();
        try {
            derived.writeTo(file);
        } catch (IOException | UncheckedIOException e) {
            log.warn("The personal data lookup key file {} does not exist and cannot be written ({}): the lookup key "
                             + "is derived from the master key, as before. Before rotating the master key, create it "
                             + "from this master key with {} and point kcbx.privacy.lookup-key-file at it "
                             + "(deploy/README.md, \"Rotating the master key\").",
                     file, e.toString(), exportCommand("<master key file>", file));
            return derived;
        }
        LookupKey written = LookupKey.load(file);
        if (written.id().equals(derived.id())) {
            log.info("Personal data lookup key written to {} (derived from master key {}; back it up with the master "
                             + "key, see deploy/README.md)", file.toAbsolutePath(), masterKeys.current().id());
        }
        return written;
    }

    static String exportCommand(String masterKeyFile, Path lookupKeyFile) {
        return "`java -cp <kcbx jar> -Dloader.main=" + ExportLookupKey.class.getName()
                + " org.springframework.boot.loader.launch.PropertiesLauncher " + masterKeyFile + " " + lookupKeyFile
                + "`";
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
