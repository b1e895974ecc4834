package cn.kcbx.caseservice;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** The command side: takes the case commands of every role and stores them as events. */
@SpringBootApplication
public class CaseServiceApplication {

    /**
     * The service's own configuration file, {@code case-service.yml}, then the usual {@code application.yml} for
     * operator overrides (./application.yml, ./config/application.yml). The file is not called
     * {@code application.yml} so that the case and query services can share one classpath (module {@code app}).
     */
    public static final String CONFIG_NAMES = "case-service,application";

    public static void main(String[] args) {
        builder().run(args);
    }

    /** The case service as its executable jar, the launcher of {@code app} and the benchmark start it. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(CaseServiceApplication.class)
                .properties("spring.config.name=" + CONFIG_NAMES);
    }
}
