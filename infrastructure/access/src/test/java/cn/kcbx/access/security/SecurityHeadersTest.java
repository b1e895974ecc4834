package cn.kcbx.access.security;

import cn.kcbx.access.support.AccessApiTestBase;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The attack: a script slipped into a page (a student's name rendered as HTML, a compromised asset from a CDN, the
 * page framed by another site) reads the sign-in token from sessionStorage. Every answer tells the browser to run
 * the product's own scripts only, to connect nowhere else and never to be framed.
 */
class SecurityHeadersTest extends AccessApiTestBase {

    @Test
    void pages_and_api_answers_forbid_foreign_and_inline_scripts_and_framing() throws Exception {
        for (String path : new String[] {"/cases/some-case", "/api/auth/me"}) {
            HttpResponse<Void> answer = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            String policy = answer.headers().firstValue("Content-Security-Policy").orElse("");
            assertThat(policy).as(path).contains("script-src 'self';", "connect-src 'self'", "frame-ancestors 'none'",
                                                   "object-src 'none'");
            assertThat(policy).as(path).doesNotContain("script-src 'self' 'unsafe-inline'", "*");
            assertThat(answer.headers().firstValue("X-Frame-Options")).as(path).hasValue("DENY");
            assertThat(answer.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
        }
    }
}
