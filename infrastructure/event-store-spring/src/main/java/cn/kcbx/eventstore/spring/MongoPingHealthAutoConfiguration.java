package cn.kcbx.eventstore.spring;

import org.bson.Document;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.MongoDatabaseFactory;

/**
 * The MongoDB health check as a {@code ping} on the application's database. Spring Boot's own check sends
 * {@code hello}, which the embedded store does not answer, so it would report DOWN whenever a service runs on it.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.actuate.autoconfigure.data.mongo."
                              + "MongoHealthContributorAutoConfiguration")
@ConditionalOnClass(HealthIndicator.class)
public class MongoPingHealthAutoConfiguration {

    @Bean
    HealthIndicator mongoHealthContributor(MongoDatabaseFactory databaseFactory) {
        return () -> {
            try {
                databaseFactory.getMongoDatabase().runCommand(new Document("ping", 1));
                return Health.up().withDetail("database", databaseFactory.getMongoDatabase().getName()).build();
            } catch (RuntimeException e) {
                return Health.down(e).build();
            }
        };
    }
}
