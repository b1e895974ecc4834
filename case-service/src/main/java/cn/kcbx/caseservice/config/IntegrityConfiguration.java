package cn.kcbx.caseservice.config;

import cn.kcbx.access.log.AccessLog;
import cn.kcbx.caseservice.integrity.IntegrityService;
import cn.kcbx.caseservice.integrity.PeriodicCheckpoints;
import cn.kcbx.caseservice.integrity.SigningKeySource;
import cn.kcbx.eventstore.CheckpointHeadFile;
import cn.kcbx.eventstore.GapFreeMongoEventStorageEngine;
import cn.kcbx.eventstore.IntegrityCheckpoints;

import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.mongodb.MongoDatabaseFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;

/** Signed checkpoints over the event history, their schedule, and the verification behind the integrity API. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IntegrityProperties.class)
public class IntegrityConfiguration {

    /** The embedded store's data file (embedded-mongo); the default key file lives next to it. */
    private static final String EMBEDDED_DATA_FILE = "kcbx-mongo.mv.db";

    @Bean
    IntegrityCheckpoints integrityCheckpoints(MongoDatabaseFactory databaseFactory, EventStorageEngine storageEngine,
                                              SigningKeySource signingKeySource, CheckpointHeadFile headFile,
                                              Clock clock) {
        return new IntegrityCheckpoints(databaseFactory.getMongoDatabase(),
                                        (GapFreeMongoEventStorageEngine) storageEngine, signingKeySource::get,
                                        headFile, clock);
    }

    @Bean
    CheckpointHeadFile checkpointHeadFile(IntegrityProperties properties, Environment environment) {
        return new CheckpointHeadFile(properties.checkpointHeadFile() != null ? properties.checkpointHeadFile()
                : signingKeyFile(properties, environment).resolveSibling(IntegrityProperties.DEFAULT_HEAD_FILE_NAME));
    }

    @Bean
    SigningKeySource signingKeySource(IntegrityProperties properties, Environment environment,
                                      MongoDatabaseFactory databaseFactory, CheckpointHeadFile headFile) {
        Path dataDirectory = dataDirectory(environment);
        Path file = signingKeyFile(properties, environment);
        // No checkpoint yet: none in the database, and none recorded beside the key (the database may be emptied).
        SigningKeySource source = new SigningKeySource(file, () -> databaseFactory.getMongoDatabase().getCollection(
                IntegrityCheckpoints.CHECKPOINTS_COLLECTION).find().limit(1).first() == null
                && !Files.exists(headFile.file()));
        // Generate the key on the first start (so it can be backed up at once) where this service owns a place for
        // it: a configured key file, or the default one beside the embedded store's data file.
        boolean scheduled = !properties.checkpointInterval().isZero() && !properties.checkpointInterval().isNegative();
        if (scheduled && (properties.signingKeyFile() != null
                || Files.exists(dataDirectory.resolve(EMBEDDED_DATA_FILE)))) {
            source.prepare();
        }
        return source;
    }

    @Bean
    IntegrityService integrityService(IntegrityCheckpoints checkpoints, SigningKeySource signingKeySource,
                                      IntegrityProperties properties, AccessLog accessLog) {
        IntegrityService service = new IntegrityService(checkpoints, signingKeySource,
                                                        new HashSet<>(properties.trustedPublicKeys()), accessLog);
        service.catchUpCheckpointHead();
        return service;
    }

    private static Path dataDirectory(Environment environment) {
        return Path.of(environment.getProperty("kcbx.embedded-mongo.data-directory", "data"));
    }

    private static Path signingKeyFile(IntegrityProperties properties, Environment environment) {
        return properties.signingKeyFile() != null ? properties.signingKeyFile()
                : dataDirectory(environment).resolve(IntegrityProperties.DEFAULT_KEY_FILE_NAME);
    }

    @Bean(destroyMethod = "close")
    PeriodicCheckpoints periodicCheckpoints(IntegrityService integrityService, IntegrityProperties properties) {
        PeriodicCheckpoints periodic = new PeriodicCheckpoints(integrityService, properties.checkpointInterval());
        periodic.start();
        return periodic;
    }
}
