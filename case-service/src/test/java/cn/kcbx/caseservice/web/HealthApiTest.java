package cn.kcbx.caseservice.web;

import cn.kcbx.caseservice.web.ApiClient.Actor;
import cn.kcbx.caseservice.web.ApiClient.Response;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The health endpoint reports the store UP on every backend, the embedded one included (which ignores {@code hello}). */
class HealthApiTest extends ApiTestBase {

    @Test
    void the_service_and_its_store_are_up() {
        Response health = api.get("/actuator/health", Actor.COUNTY);

        assertThat(health.status()).as("%s", health).isEqualTo(200);
        assertThat(health.body().path("status").asText()).isEqualTo("UP");
    }
}
