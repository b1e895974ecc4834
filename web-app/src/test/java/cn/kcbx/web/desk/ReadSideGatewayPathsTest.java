package cn.kcbx.web.desk;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Which requests the gateway passes on to the query service, and which stay with the case service. */
class ReadSideGatewayPathsTest {

    private static final String CASE = "/api/cases/5b0c1f9e-2d3a-4e6b-8c7d-9a0b1c2d3e4f";

    private final ReadSideGateway gateway = new ReadSideGateway(URI.create("http://localhost:1"));

    @Test
    void the_case_sheet_is_read_on_the_query_service() {
        assertThat(forwarded("GET", CASE)).isTrue();
        assertThat(forwarded("GET", CASE + "/timeline")).isTrue();
        assertThat(forwarded("GET", "/api/ledgers/sanbang")).isTrue();
    }

    @Test
    void commands_and_the_case_services_own_case_paths_stay_here() {
        assertThat(forwarded("POST", CASE)).isFalse();
        assertThat(forwarded("PUT", CASE)).isFalse();
        assertThat(forwarded("DELETE", CASE)).isFalse();
        assertThat(forwarded("POST", "/api/cases")).isFalse();
        assertThat(forwarded("GET", "/api/cases")).isFalse();
        assertThat(forwarded("GET", CASE + "/events")).isFalse();
        assertThat(forwarded("GET", CASE + "/personal-data")).isFalse();
        assertThat(forwarded("POST", CASE + "/visits")).isFalse();
        assertThat(forwarded("GET", "/api/case-steps")).isFalse();
        // The phone pages' sealing key: a case-service path, and so kept out of /api/cases/{id}.
        assertThat(forwarded("GET", "/api/intake/sealing-key")).isFalse();
    }

    /**
     * In production nginx does the routing (deploy/nginx/kcbx.conf): a path it sent to the wrong service would answer
     * 404 there and work here. Both must route every path the same way.
     */
    @Test
    void the_nginx_configuration_routes_every_path_like_the_gateway() throws IOException {
        String conf = Files.readString(Path.of("..", "deploy", "nginx", "kcbx.conf"));
        List<Pattern> readSide = new ArrayList<>();
        List<Pattern> byMethod = new ArrayList<>();
        Matcher location = Pattern.compile("location (~|=) (\\S+) \\{([^}]*)}").matcher(conf);
        while (location.find()) {
            Pattern path = Pattern.compile(location.group(1).equals("=") ? Pattern.quote(location.group(2))
                                                   : location.group(2));
            if (location.group(3).contains("proxy_pass http://kcbx_query_service")) {
                readSide.add(path);
            } else if (location.group(3).contains("proxy_pass http://$kcbx_case_path_service")) {
                byMethod.add(path);
            }
        }
        assertThat(readSide).as("read-side locations in kcbx.conf").isNotEmpty();
        assertThat(conf).containsPattern("map \\$request_method \\$kcbx_case_path_service \\{\\s*GET\\s+kcbx_query_service;");
        for (String method : List.of("GET", "POST")) {
            for (String path : List.of(CASE, CASE + "/timeline", CASE + "/events", CASE + "/personal-data",
                                       CASE + "/visits", "/api/cases", "/api/case-steps", "/api/live",
                                       "/api/ledgers/sanbang", "/api/ledgers/sanbang.csv", "/api/ledgers/transfers",
                                       "/api/dashboards/towns/439921100", "/api/reports/counties/439921",
                                       "/api/audit", "/api/admin/projections", "/api/admin/projections/x/rebuild",
                                       "/api/admin/accounts", "/api/directory/439921", "/api/auth/me",
                                       "/api/integrity/verification", "/api/intake/sealing-key", "/cases/new", "/")) {
                boolean byNginx = readSide.stream().anyMatch(p -> p.matcher(path).find())
                        || method.equals("GET") && byMethod.stream().anyMatch(p -> p.matcher(path).find());
                assertThat(byNginx).as("%s %s goes to the query service", method, path)
                                   .isEqualTo(forwarded(method, path));
            }
        }
    }

    private boolean forwarded(String method, String path) {
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        return !gateway.shouldNotFilter(request);
    }
}
