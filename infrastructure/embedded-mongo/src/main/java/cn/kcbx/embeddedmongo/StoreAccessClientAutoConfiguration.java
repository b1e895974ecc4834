package cn.kcbx.embeddedmongo;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.mongo.MongoAutoConfiguration;
import org.springframework.boot.autoconfigure.mongo.MongoClientSettingsBuilderCustomizer;
import org.springframework.context.annotation.Bean;

import java.nio.file.Path;

/**
 * A service that uses an embedded store hosted by another process (the query service beside the case service) gives
 * {@code kcbx.embedded-mongo.access-key-file}: its connections then carry the store's credential, read from that
 * (owner-only) file rather than from a command line that every account could read.
 */
@AutoConfiguration(before = MongoAutoConfiguration.class)
@ConditionalOnClass(MongoClientSettingsBuilderCustomizer.class)
@ConditionalOnProperty(StoreAccess.PROPERTY)
public class StoreAccessClientAutoConfiguration {

    @Bean
    MongoClientSettingsBuilderCustomizer embeddedStoreCredential(@Value("${" + StoreAccess.PROPERTY + "}") Path keyFile) {
        String credential = StoreAccess.credential(keyFile, false);
        return settings -> settings.applicationName(credential);
    }
}
