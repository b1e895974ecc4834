package cn.kcbx.access.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One read of {@code /actuator/prometheus} (the text format), as Prometheus would scrape it, and the checks the
 * services' metrics tests make on it: values of series, the kcbx metric families, and that no tag holds anything but
 * the few fixed vocabularies (never a person, a case or a unit).
 */
public final class MetricsScrape {

    /** The only tag keys a kcbx metric may carry: each takes values from a small fixed set. */
    public static final Set<String> ALLOWED_TAGS = Set.of("command", "outcome", "code", "reason", "processor", "le");

    private static final Pattern SERIES = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    public record Series(String name, Map<String, String> labels, double value) {
    }

    private final String text;
    private final List<Series> series = new ArrayList<>();

    private MetricsScrape(String text) {
        this.text = text;
        for (String line : text.split("\n")) {
            Matcher matcher = SERIES.matcher(line.strip());
            if (line.startsWith("#") || !matcher.matches()) {
                continue;
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (matcher.group(2) != null) {
                Matcher label = LABEL.matcher(matcher.group(2));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
            }
            series.add(new Series(matcher.group(1), labels, Double.parseDouble(matcher.group(3))));
        }
    }

    /** GETs {@code http://localhost:<port>/actuator/prometheus} without any credentials; it must answer 200. */
    public static MetricsScrape of(int port) {
        HttpResponse<String> response = get(port, "/actuator/prometheus", null);
        assertThat(response.statusCode()).as("scrape → %s", response.body()).isEqualTo(200);
        return new MetricsScrape(response.body());
    }

    /** A GET to localhost, with an Authorization header when given; any status. */
    public static HttpResponse<String> get(int port, String path, String authorization) {
        return getWith(port, path, authorization == null ? Map.of() : Map.of("Authorization", authorization));
    }

    /** A GET to localhost with the given headers; any status. */
    public static HttpResponse<String> getWith(int port, String path, Map<String, String> headers) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                                                     .timeout(Duration.ofSeconds(30));
            headers.forEach(request::header);
            return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String text() {
        return text;
    }

    /** The sum over the series of that name whose labels include all of {@code labels} ({@code key=value}); 0 if none. */
    public double value(String name, String... labels) {
        return matching(name, labels).stream().mapToDouble(Series::value).sum();
    }

    public List<Series> matching(String name, String... labels) {
        return series.stream().filter(s -> s.name().equals(name))
                     .filter(s -> {
                         for (String label : labels) {
                             String[] keyValue = label.split("=", 2);
                             if (!keyValue[1].equals(s.labels().get(keyValue[0]))) {
                                 return false;
                             }
                         }
                         return true;
                     }).toList();
    }

    /** The metric families ({@code # TYPE} lines) whose names start with {@code prefix}. */
    public Set<String> families(String prefix) {
        Set<String> names = new TreeSet<>();
        for (String line : text.split("\n")) {
            String[] parts = line.split(" ");
            if (parts.length >= 4 && parts[0].equals("#") && parts[1].equals("TYPE") && parts[2].startsWith(prefix)) {
                names.add(parts[2]);
            }
        }
        return names;
    }

    /**
     * Every kcbx series carries only {@link #ALLOWED_TAGS}, with short upper- or lower-case word values, and the
     * whole scrape holds none of {@code personal} (user names, student ids and names, case ids the test used).
     */
    public void assertNothingPersonal(String... personal) {
        for (Series s : series) {
            if (!s.name().startsWith("kcbx_")) {
                continue;
            }
            assertThat(ALLOWED_TAGS).as("tags of %s", s).containsAll(s.labels().keySet());
            // A histogram bucket's bound is a number; every other value a word from a fixed vocabulary.
            s.labels().forEach((key, value) -> assertThat(value).as("%s of %s", key, s)
                                                                .matches(key.equals("le") ? "[0-9.E+-]+|\\+Inf"
                                                                        : "[A-Za-z][A-Za-z0-9_.-]{0,63}"));
        }
        for (String value : personal) {
            assertThat(text).as("the scrape names no person, student or case").doesNotContain(value);
        }
    }

    /**
     * The metric families the operator's dashboard may query, for one service, from the one list kept beside the
     * dashboard ({@code deploy/grafana/kcbx-metrics.txt}, lines {@code <service> <family>}).
     */
    public static Set<String> listedFamilies(String service) {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("deploy/grafana"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("the repository root (with deploy/grafana) above the working directory").isNotNull();
        try {
            Set<String> families = new TreeSet<>();
            for (String line : Files.readAllLines(dir.resolve("deploy/grafana/kcbx-metrics.txt"))) {
                String[] parts = line.strip().split("\\s+");
                if (!line.startsWith("#") && parts.length == 2 && parts[0].equals(service)) {
                    families.add(parts[1]);
                }
            }
            return families;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
