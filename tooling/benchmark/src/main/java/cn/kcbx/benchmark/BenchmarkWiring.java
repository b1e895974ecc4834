package cn.kcbx.benchmark;

import org.springframework.boot.autoconfigure.mongo.MongoClientSettingsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Added to the case service's own configuration: only observes the MongoDB client, changes no behaviour. */
@Configuration(proxyBeanMethods = false)
class BenchmarkWiring {

    static final MongoCallStats CALL_STATS = new MongoCallStats();

    @Bean
    MongoClientSettingsBuilderCustomizer benchmarkCommandListener() {
        return settings -> settings.addCommandListener(CALL_STATS);
    }
}
