package cn.kcbx.query;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** The read side: projects the case events of the shared event store and answers read requests. */
@SpringBootApplication
public class QueryServiceApplication {

    /**
     * The service's own configuration file, {@code query-service.yml}, then the usual {@code application.yml} for
     * operator overrides (./application.yml, ./config/application.yml). The file is not called
     * {@code application.yml} so that the case and query services can share one classpath (module {@code app}).
     */
    public static final String CONFIG_NAMES = "query-service,application";

    public static void main(String[] args) {
        builder().run(args);
    }

    /** The query service as its executable jar and the launcher of {@code app} start it. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(QueryServiceApplication.class)
                .properties("spring.config.name=" + CONFIG_NAMES);
    }
}
