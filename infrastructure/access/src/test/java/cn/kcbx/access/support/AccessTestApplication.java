package cn.kcbx.access.support;

import cn.kcbx.access.AccessClock;
import cn.kcbx.kernel.actor.Actor;
import cn.kcbx.web.CurrentUser;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;

/**
 * A minimal service with the access module: the module's own endpoints plus {@code GET /api/probe}, which answers the
 * acting user, as a stand-in for a service endpoint. Time is a {@link MovableClock}.
 */
@SpringBootApplication
public class AccessTestApplication {

    public static final Instant START = Instant.parse("2026-11-02T01:00:00Z");

    @Bean
    MovableClock movableClock() {
        return new MovableClock(START);
    }

    @Bean
    AccessClock accessClock(MovableClock clock) {
        return new AccessClock(clock);
    }

    @RestController
    static class ProbeController {

        private final CurrentUser currentUser;

        ProbeController(CurrentUser currentUser) {
            this.currentUser = currentUser;
        }

        @GetMapping("/api/probe")
        Actor probe() {
            return currentUser.require();
        }
    }
}
