package cn.kcbx.caseservice.web;

import cn.kcbx.access.testing.RawRequests;
import cn.kcbx.access.testing.SignedInActors;
import cn.kcbx.caseservice.web.ApiClient.Actor;

import org.junit.jupiter.api.Test;

/**
 * What Tomcat refuses before Spring sees it, and the error page itself, answer in the error shape: these were
 * Tomcat's HTML page (unencoded {@code [ ] |}) and a 500 ({@code GET /error}).
 */
class UnreadableRequestsApiTest extends ApiTestBase {

    @Test
    void unencoded_brackets_or_a_pipe_in_the_address_get_the_json_400_not_tomcats_html_page() {
        RawRequests.assertUnencodedCharactersAreAJson400(port, CASES, town());
    }

    @Test
    void the_error_page_called_directly_is_a_404_not_a_500() {
        RawRequests.assertTheErrorPageCalledDirectlyIsA404(port, town());
    }

    private String town() {
        return new SignedInActors(applicationContext, port).authorization(Actor.TOWN.kernel());
    }
}
