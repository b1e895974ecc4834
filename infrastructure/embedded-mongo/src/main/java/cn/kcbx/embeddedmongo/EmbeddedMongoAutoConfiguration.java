package cn.kcbx.embeddedmongo;

import com.mongodb.ConnectionString;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.mongo.MongoAutoConfiguration;
import org.springframework.boot.autoconfigure.mongo.MongoConnectionDetails;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

import java.time.Clock;

/**
 * Starts the embedded store and points Spring's MongoDB client at it, unless {@code spring.data.mongodb.uri} names a
 * real MongoDB: then this configuration steps aside and nothing else changes.
 */
@AutoConfiguration(before = MongoAutoConfiguration.class)
@ConditionalOnClass(ConnectionString.class)
@ConditionalOnProperty(name = "kcbx.embedded-mongo.enabled", havingValue = "true", matchIfMissing = true)
@Conditional(NoMongoUriConfigured.class)
@EnableConfigurationProperties(EmbeddedMongoProperties.class)
public class EmbeddedMongoAutoConfiguration {

    @Bean(destroyMethod = "close")
    EmbeddedMongoServer embeddedMongoServer(EmbeddedMongoProperties properties) {
        return EmbeddedMongoServer.start(properties.dataFile(), properties.host(), properties.port(),
                                         properties.accessKeyFile());
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    @ConditionalOnProperty("kcbx.embedded-mongo.backup.directory")
    ScheduledBackups embeddedStoreBackups(EmbeddedMongoServer server, EmbeddedMongoProperties properties) {
        return new ScheduledBackups(server, properties.backup(), Clock.systemDefaultZone());
    }

    @Bean
    MongoConnectionDetails embeddedMongoConnectionDetails(EmbeddedMongoServer server,
                                                          EmbeddedMongoProperties properties) {
        ConnectionString connectionString = new ConnectionString(server.connectionString(properties.database()));
        return () -> connectionString;
    }
}
