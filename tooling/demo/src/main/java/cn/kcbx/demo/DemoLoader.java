package cn.kcbx.demo;

import cn.kcbx.access.account.AccountService;
import cn.kcbx.eventstore.GapFreeMongoEventStorageEngine;
import cn.kcbx.kernel.dropoutcase.CasePolicy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;

/**
 * Loads the demo county through the service's own HTTP command API, exactly as clients would: the same JSON, signed
 * in as a plausible user per step ({@link DemoSignIn}) and a stable {@code X-Request-Id}. Runs once the service is up
 * ({@link ApplicationReadyEvent}, so the port is known), in the background; figures fill up while it runs, and the
 * log says when it is done.
 *
 * <p>Steps run in chronological order with the {@link SimulatedClock} set to each step's time, so the case rules
 * see that day as "today" and events are stamped with it. A rejected command is a bug in the demo data.
 */
public class DemoLoader implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DemoLoader.class);

    private final DemoProperties properties;
    private final SimulatedClock clock;
    private final CasePolicy policy;
    private final EventStorageEngine eventStorage;
    private final RestClient.Builder restClientBuilder;
    private final Environment environment;
    private final ObjectMapper objectMapper;
    private final AccountService accounts;
    private final CompletableFuture<DemoLoadReport> startupReport = new CompletableFuture<>();

    DemoLoader(DemoProperties properties, SimulatedClock clock, CasePolicy policy, EventStorageEngine eventStorage,
               RestClient.Builder restClientBuilder, Environment environment, ObjectMapper objectMapper,
               AccountService accounts) {
        this.properties = properties;
        this.clock = clock;
        this.policy = policy;
        this.eventStorage = eventStorage;
        this.restClientBuilder = restClientBuilder;
        this.environment = environment;
        this.objectMapper = objectMapper;
        this.accounts = accounts;
    }

    /**
     * Loads on a thread of its own, so that the start of the process is not held up: in the one-process launcher the
     * query service starts meanwhile and shows the county filling up.
     */
    @EventListener(ApplicationReadyEvent.class)
    public void onApplicationReady() {
        Thread loader = new Thread(() -> {
            try {
                startupReport.complete(load());
            } catch (RuntimeException | Error e) {
                log.error("Demo county {} could not be loaded", DemoCounty.COUNTY_NAME, e);
                startupReport.completeExceptionally(e);
            }
        }, "demo-loader");
        loader.setDaemon(true);
        loader.start();
    }

    /** Waits until the load at start has finished (for tests and tools that must not read a half-loaded county). */
    public void awaitStartupLoad() {
        startupReport.join();
    }

    /** What the load at start did; waits for it to finish. */
    DemoLoadReport startupReport() {
        return startupReport.join();
    }

    DemoLoadReport load() {
        long started = System.nanoTime();
        clock.followSystem();
        LocalDate lastDay = LocalDate.now(clock.withZone(DemoTimeline.ZONE)).minusDays(1);
        DemoTimeline timeline = DemoTimeline.generate(properties.seed(), properties.towns(), properties.casesPerTown(),
                                                      lastDay, policy);
        List<DemoStep> steps = timeline.steps();
        int cases = timeline.cases().size();
        if (isStored(steps.get(0).requestId())) {
            log.info("Demo county {} already loaded (its first request {} is stored): not loading again",
                     DemoCounty.COUNTY_NAME, steps.get(0).requestId());
            return report(DemoLoadReport.Outcome.ALREADY_LOADED, timeline, 0, 0, 0, 0, started, List.of());
        }
        if (eventStorage.createHeadToken() != null) {
            log.warn("Demo county {} NOT loaded: the event store already holds other data (演示县只加载到空库中)",
                     DemoCounty.COUNTY_NAME);
            return report(DemoLoadReport.Outcome.STORE_NOT_EMPTY, timeline, 0, 0, 0, 0, started, List.of());
        }

        log.info("演示县 {} 正在通过命令接口加载：{} 个案件、{} 条命令，{} 至 {}。加载完成前数据不完整，请稍候……",
                 DemoCounty.COUNTY_NAME, cases, steps.size(), steps.get(0).businessDate(), lastDay);
        log.info("演示县案件构成：{}", pathSummary(timeline));
        RestClient client = client();
        DemoSignIn signIn = new DemoSignIn(accounts, client, objectMapper);
        // The directory first, a day before the first case, so that reports as of any day of the demo have names.
        clock.setTo(steps.get(0).at().minus(Duration.ofDays(1)));
        importDirectory(client, signIn, timeline.county());
        String[] caseIds = new String[cases];
        int commands = 0;
        int rejections = 0;
        int replayed = 0;
        int skipped = 0;
        int progressEvery = Math.max(100, steps.size() / 10);
        try {
            for (DemoStep step : steps) {
                String caseId = caseIds[step.caseIndex()];
                if (!step.identifies() && caseId == null) {
                    skipped++; // its identification was rejected, already reported
                    continue;
                }
                clock.setTo(step.at());
                Answer answer = send(client, signIn, caseId, step);
                commands++;
                if (answer.status() / 100 == 2) {
                    if (step.identifies()) {
                        caseIds[step.caseIndex()] = answer.body().path("caseId").asText();
                    }
                    if (answer.body().path("replayed").asBoolean(false)) {
                        replayed++;
                    }
                } else {
                    rejections++;
                    log.warn("演示数据命令被拒绝 (a bug in the demo data): POST {} case #{} ({}) {} → {} {} {}",
                             step.path().isEmpty() ? "/api/cases" : step.path(), step.caseIndex(),
                             timeline.cases().get(step.caseIndex()).path(), step.businessDate(), answer.status(),
                             answer.body().path("code").asText("?"), answer.body().path("message").asText(""));
                }
                if (commands % progressEvery == 0) {
                    log.info("演示县加载中：{}/{} 条命令（已到 {}）", commands, steps.size(), step.businessDate());
                }
            }
        } finally {
            clock.followSystem();
        }
        DemoLoadReport report = report(DemoLoadReport.Outcome.LOADED, timeline, commands, rejections, replayed,
                                       skipped, started, Arrays.asList(caseIds));
        log.info("Demo county {} loaded: {} cases, {} commands in {} s ({} ms; {} rejected, {} replayed, {} skipped)."
                         + " 演示县已加载完成，可以使用。",
                 DemoCounty.COUNTY_NAME, cases, commands, "%.1f".formatted(report.elapsedMillis() / 1000.0),
                 report.elapsedMillis(), rejections, replayed, skipped);
        return report;
    }

    /** Gives Axon back the real clock when the service stops (the field is static: it outlives this context). */
    @Override
    public void destroy() {
        clock.followSystem();
        if (GenericEventMessage.clock == clock) {
            GenericEventMessage.clock = Clock.systemUTC();
        }
    }

    private DemoLoadReport report(DemoLoadReport.Outcome outcome, DemoTimeline timeline, int commands, int rejections,
                                  int replayed, int skipped, long started, List<String> caseIds) {
        long elapsed = Duration.ofNanos(System.nanoTime() - started).toMillis();
        return new DemoLoadReport(outcome, timeline.cases().size(), commands, rejections, replayed, skipped, elapsed,
                                  new ArrayList<>(caseIds), timeline);
    }

    /** E.g. "劝返复学并销号 52, 已返校观察中 25, ...": which stories the county tells. */
    private static String pathSummary(DemoTimeline timeline) {
        Map<DemoPath, Long> counts = new EnumMap<>(DemoPath.class);
        timeline.cases().forEach(c -> counts.merge(c.path(), 1L, Long::sum));
        StringJoiner summary = new StringJoiner(", ");
        counts.forEach((path, count) -> summary.add(path.label() + " " + count));
        return summary.toString();
    }

    private boolean isStored(String requestId) {
        return eventStorage instanceof GapFreeMongoEventStorageEngine store && store.findRequest(requestId).isPresent();
    }

    private RestClient client() {
        String port = environment.getRequiredProperty("local.server.port");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                                    .connectTimeout(Duration.ofSeconds(10)).build();
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(http);
        factory.setReadTimeout(Duration.ofSeconds(60));
        return restClientBuilder.clone().baseUrl("http://127.0.0.1:" + port).requestFactory(factory).build();
    }

    private record Answer(int status, JsonNode body) {
    }

    /** Imports the county's towns, villages and schools as its clerk would, from a .csv file. */
    private void importDirectory(RestClient client, DemoSignIn signIn, DemoCounty county) {
        Answer answer = client.post().uri("/api/directory/{county}/import?fileName={fileName}", DemoCounty.COUNTY_CODE,
                                          DemoDirectory.FILE_NAME)
                              .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                              .header(HttpHeaders.AUTHORIZATION, signIn.authorization(DemoCounty.COUNTY_OFFICER))
                              .header(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE)
                              .body(DemoDirectory.csv(county))
                              .exchange((httpRequest, response) -> {
                                  try (InputStream in = response.getBody()) {
                                      return new Answer(response.getStatusCode().value(), parse(in.readAllBytes()));
                                  }
                              });
        if (answer.status() != 200) {
            throw new IllegalStateException("The demo county's directory was refused: " + answer.status() + " "
                                                    + answer.body());
        }
        log.info("演示县单位目录已导入：{}", answer.body().path("message").asText());
    }

    /** POSTs the step; the URI stays a template so metrics see one endpoint, not one per case. */
    private Answer send(RestClient client, DemoSignIn signIn, String caseId, DemoStep step) {
        RestClient.RequestBodyUriSpec post = client.post();
        RestClient.RequestBodySpec request = step.identifies() ? post.uri("/api/cases")
                : post.uri("/api/cases/{caseId}" + step.path(), caseId);
        return request
                     .contentType(MediaType.APPLICATION_JSON)
                     .header("X-Request-Id", step.requestId())
                     .header(HttpHeaders.AUTHORIZATION, signIn.authorization(step.actor()))
                     .header("X-Client-Channel", step.channel())
                     .header(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE)
                     .body(step.body().toString().getBytes(StandardCharsets.UTF_8))
                     .exchange((httpRequest, response) -> {
                         try (InputStream in = response.getBody()) {
                             return new Answer(response.getStatusCode().value(), parse(in.readAllBytes()));
                         }
                     });
    }

    private JsonNode parse(byte[] raw) {
        try {
            return raw.length == 0 ? MissingNode.getInstance() : objectMapper.readTree(raw);
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }
}
