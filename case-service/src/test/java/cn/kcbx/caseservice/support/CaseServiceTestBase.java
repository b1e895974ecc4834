package cn.kcbx.caseservice.support;

import cn.kcbx.caseservice.CaseServiceApplication;
import cn.kcbx.testsupport.TestMongo;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole case service on a real HTTP port, against the MongoDB that {@link TestMongo} picked (MONGODB_URI,
 * Testcontainers, or the embedded server; the log says which), in a database of its own, with the service's own
 * configuration file (case-service.yml).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=" + CaseServiceApplication.CONFIG_NAMES)
public abstract class CaseServiceTestBase {

    private static final String DATABASE = TestMongo.get().newDatabaseName("case_service");

    @DynamicPropertySource
    static void mongo(DynamicPropertyRegistry registry) {
        registry.add("spring.data.mongodb.uri", () -> TestMongo.get().connectionString(DATABASE));
    }
}
