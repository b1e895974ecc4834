package cn.kcbx.caseservice.config;

import cn.kcbx.caseservice.intake.IntakeSealingKey;
import cn.kcbx.privacy.PrivacyAutoConfiguration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import java.nio.file.Path;

/** Registrations that phones queue while offline: the key they seal the student identity for. */
@Configuration(proxyBeanMethods = false)
public class IntakeConfiguration {

    private static final Logger log = LoggerFactory.getLogger(IntakeConfiguration.class);

    /**
     * The intake sealing key, from {@code kcbx.case.intake-sealing-key-file} or, on the embedded store,
     * {@code kcbx-intake-sealing.key} next to its data file; generated when missing, loaded at start. With a MongoDB
     * of its own and no file named, the service does not start: several case-service processes must share one key,
     * or a phone that fetched one process's key is refused by another.
     */
    @Bean
    IntakeSealingKey intakeSealingKey(CaseServiceProperties properties, Environment environment) {
        Path file;
        if (properties.intakeSealingKeyFile() != null) {
            file = properties.intakeSealingKeyFile();
        } else if (PrivacyAutoConfiguration.runsOnEmbeddedStore(environment)) {
            file = PrivacyAutoConfiguration.inDataDirectory(environment, IntakeSealingKey.DEFAULT_FILE_NAME);
        } else {
            throw new IllegalStateException("kcbx.case.intake-sealing-key-file is not set. With a MongoDB of its own "
                    + "(spring.data.mongodb.uri) the case service needs the path of the key file that phones seal "
                    + "offline registrations for; it is generated there if missing, and every case-service process "
                    + "must use the same file. See deploy/README.md.");
        }
        IntakeSealingKey key = IntakeSealingKey.loadOrCreate(file);
        log.info("Intake sealing key: {} (key id {}; generated on first start; back it up, see deploy/README.md)",
                 file.toAbsolutePath().normalize(), key.keyId());
        return key;
    }
}
