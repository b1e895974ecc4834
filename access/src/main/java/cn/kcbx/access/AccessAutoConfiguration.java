package cn.kcbx.access;

import cn.kcbx.access.log.AccessLog;
import java.time.Clock;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.data.mongo.MongoDataAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.MongoDatabaseFactory;

/** The access log (and, with it, everything a service needs to know who is acting). */
@AutoConfiguration(after = MongoDataAutoConfiguration.class)
@ConditionalOnBean(MongoDatabaseFactory.class)
public class AccessAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    AccessLog accessLog(MongoDatabaseFactory databaseFactory) {
        return new AccessLog(databaseFactory.getMongoDatabase().getCollection("access_log"), Clock.systemUTC());
    }
}
