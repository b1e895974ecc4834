package cn.kcbx.eventstore.spring;

import com.mongodb.ConnectionString;
import com.mongodb.ReadConcern;
import com.mongodb.WriteConcern;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.mongo.MongoClientSettingsBuilderCustomizer;
import org.springframework.boot.autoconfigure.mongo.MongoConnectionDetails;
import org.springframework.context.annotation.Bean;

/**
 * An acknowledged command is a durable one. On a MongoDB replica set every write waits for a majority of members and
 * their journals ({@code w: majority, j: true}), so it survives a failover and a power cut; every read sees only
 * majority-committed data ({@code readConcern: majority}), so the read side never projects an event that a rollback
 * could take back. A connection string that names its own {@code w} or {@code readConcernLevel} keeps it. (The
 * embedded store ignores both and gets the same promise from its synced group commit.)
 */
@AutoConfiguration
public class DurableMongoAutoConfiguration {

    @Bean
    MongoClientSettingsBuilderCustomizer durableMongoConcerns(MongoConnectionDetails connectionDetails) {
        ConnectionString connectionString = connectionDetails.getConnectionString();
        return settings -> {
            if (connectionString.getWriteConcern() == null) {
                settings.writeConcern(WriteConcern.MAJORITY.withJournal(true));
            }
            if (connectionString.getReadConcern() == null) {
                settings.readConcern(ReadConcern.MAJORITY);
            }
        };
    }
}
