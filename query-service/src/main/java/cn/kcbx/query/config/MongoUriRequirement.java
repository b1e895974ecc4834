package cn.kcbx.query.config;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * The query service reads the case service's database, so it must be told where that is: without
 * {@code spring.data.mongodb.uri} it would silently read an empty {@code localhost:27017/test}. (It does not start
 * the embedded store itself, which belongs to the case service: two processes cannot both open it.)
 */
@Configuration(proxyBeanMethods = false)
class MongoUriRequirement implements InitializingBean {

    private final Environment environment;

    MongoUriRequirement(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void afterPropertiesSet() {
        boolean embedded = environment.getProperty("kcbx.embedded-mongo.enabled", Boolean.class, false);
        if (!embedded && !StringUtils.hasText(environment.getProperty("spring.data.mongodb.uri"))) {
            throw new IllegalStateException(
                    "spring.data.mongodb.uri is not set: point the query service at the case service's database, "
                            + "e.g. --spring.data.mongodb.uri=mongodb://127.0.0.1:27117/kcbx when the case service "
                            + "runs on its embedded store");
        }
    }
}
