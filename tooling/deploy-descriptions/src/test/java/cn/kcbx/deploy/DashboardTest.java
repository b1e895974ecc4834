package cn.kcbx.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Grafana dashboard and the Prometheus files against what the services export. The exported metric families are
 * kept in one list, deploy/grafana/kcbx-metrics.txt, which the services' own metrics tests compare with a real scrape
 * of /actuator/prometheus (case-service MetricsApiTest, query-service ProjectionMetricsApiTest): so a panel that asks
 * for a metric no service exports (a renamed meter, a typo) fails here.
 */
class DashboardTest {

    private static final Pattern METRIC = Pattern.compile("\\b(kcbx_[a-z0-9_]+)\\b");
    /** What Prometheus derives from a histogram family (a Micrometer timer). */
    private static final List<String> HISTOGRAM_SERIES = List.of("_bucket", "_count", "_sum");
    /** The tags the services put on kcbx metrics (none personal), and the labels Prometheus adds. */
    private static final Set<String> LABELS = Set.of("command", "outcome", "code", "reason", "processor", "le", "job",
                                                     "instance", "service", "pod");

    @Test
    void everyPanelQueriesOnlyMetricsTheServicesExportAndEveryMetricHasAPanel() throws IOException {
        Set<String> exported = exported();
        assertThat(exported).contains("kcbx_commands_total", "kcbx_event_append_seconds", "kcbx_projection_lag",
                                      "kcbx_sse_subscribers", "kcbx_signin_failures_total");
        JsonNode dashboard = new ObjectMapper().readTree(Repository.read("deploy/grafana/kcbx-dashboard.json"));
        List<String> expressions = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            assertThat(panel.path("title").asText()).as("every panel has a title").isNotBlank();
            assertThat(panel.path("datasource").path("uid").asText()).as(panel.path("title").asText())
                                                                     .isEqualTo("${datasource}");
            assertThat(panel.path("targets").size()).as(panel.path("title").asText()).isPositive();
            panel.path("targets").forEach(target -> expressions.add(target.path("expr").asText()));
        }
        dashboard.path("templating").path("list").forEach(variable -> {
            if (variable.has("query") && variable.path("query").isTextual()) {
                expressions.add(variable.path("query").asText());
            }
        });

        Set<String> queried = new TreeSet<>();
        for (String expression : expressions) {
            assertThat(expression).as("a PromQL expression").isNotBlank();
            Matcher metric = METRIC.matcher(expression);
            while (metric.find()) {
                String family = familyOf(metric.group(1), exported);
                assertThat(exported).as("%s in «%s» is exported by a service", metric.group(1), expression)
                                    .contains(family);
                queried.add(family);
            }
            Matcher grouping = Pattern.compile("\\b(?:by|without) \\(([^)]*)\\)").matcher(expression);
            while (grouping.find()) {
                for (String label : grouping.group(1).split(",")) {
                    assertThat(LABELS).as("label %s in «%s»", label.strip(), expression).contains(label.strip());
                }
            }
        }
        assertThat(queried).as("every exported metric has a panel").containsExactlyInAnyOrderElementsOf(exported);
    }

    @Test
    @SuppressWarnings("unchecked")
    void prometheusScrapesTheManagementPortsAndItsAlertsUseExportedMetrics() {
        Map<String, Object> config = new Yaml().load(Repository.read("deploy/prometheus/prometheus.yml"));
        List<Map<String, Object>> jobs = (List<Map<String, Object>>) config.get("scrape_configs");
        Map<String, Object> compose = jobs.stream().filter(j -> "kcbx".equals(j.get("job_name"))).findFirst().orElseThrow();
        assertThat(compose.get("metrics_path")).isEqualTo("/actuator/prometheus");
        List<String> targets = new ArrayList<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) compose.get("static_configs")) {
            targets.addAll((List<String>) group.get("targets"));
        }
        // Each compose service by its own management port, the one its image sets.
        Map<String, Object> services = (Map<String, Object>) new Yaml()
                .<Map<String, Object>>load(Repository.read("deploy/compose/compose.yml")).get("services");
        for (String service : services.keySet()) {
            String image = service.replaceAll("-\\d+$", "");
            if (!image.equals("case-service") && !image.equals("query-service")) {
                continue;
            }
            Matcher port = Pattern.compile("(?m)^ENV MANAGEMENT_SERVER_PORT=(\\d+)$")
                                  .matcher(Repository.read("deploy/docker/" + image + ".Dockerfile"));
            assertThat(port.find()).isTrue();
            assertThat(targets).as("Prometheus scrapes %s", service).contains(service + ":" + port.group(1));
        }
        assertThat(targets).hasSize(4);
        assertThat(Repository.read("deploy/prometheus/prometheus.yml"))
                .contains("__meta_kubernetes_pod_annotation_prometheus_io_port");

        Set<String> exported = exported();
        Map<String, Object> alerts = new Yaml().load(Repository.read("deploy/prometheus/kcbx-alerts.yml"));
        for (Map<String, Object> group : (List<Map<String, Object>>) alerts.get("groups")) {
            for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                Matcher metric = METRIC.matcher(String.valueOf(rule.get("expr")));
                while (metric.find()) {
                    assertThat(exported).as("alert %s", rule.get("alert")).contains(familyOf(metric.group(1), exported));
                }
            }
        }
    }

    /** kcbx_event_append_seconds_bucket → kcbx_event_append_seconds; a family's own name stays. */
    private static String familyOf(String series, Set<String> exported) {
        if (exported.contains(series)) {
            return series;
        }
        for (String suffix : HISTOGRAM_SERIES) {
            if (series.endsWith(suffix)) {
                return series.substring(0, series.length() - suffix.length());
            }
        }
        return series;
    }

    /** The families of deploy/grafana/kcbx-metrics.txt, of either service. */
    private static Set<String> exported() {
        Set<String> families = new TreeSet<>();
        for (String line : Repository.read("deploy/grafana/kcbx-metrics.txt").split("\n")) {
            String[] parts = line.strip().split("\\s+");
            if (!line.startsWith("#") && parts.length == 2) {
                families.add(parts[1]);
            }
        }
        return families;
    }
}
