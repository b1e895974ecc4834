package cn.kcbx.app;

import cn.kcbx.access.AccessAutoConfiguration;
import cn.kcbx.caseservice.CaseServiceApplication;
import cn.kcbx.caseservice.intake.IntakeSealingKey;
import cn.kcbx.demo.DemoConfiguration;
import cn.kcbx.embeddedmongo.EmbeddedMongoProperties;
import cn.kcbx.embeddedmongo.EmbeddedMongoServer;
import cn.kcbx.embeddedmongo.EmbeddedStoreUnavailableException;
import cn.kcbx.embeddedmongo.KeyFiles;
import cn.kcbx.embeddedmongo.ScheduledBackups;
import cn.kcbx.privacy.MasterKey;
import cn.kcbx.privacy.PrivacyAutoConfiguration;
import cn.kcbx.query.QueryServiceApplication;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.util.StringUtils;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The whole product in one process, for trials and small installations: the embedded store, then the case service
 * and the query service as two sibling Spring application contexts, each exactly as its own executable jar would run
 * it (same classes, same {@code case-service.yml} / {@code query-service.yml}), both pointing at the one store.
 *
 * <p>Arguments: {@code --case-service.x=y} goes to the case service only (as {@code --x=y}), {@code --query-service.x=y}
 * to the query service only; every other argument goes to both. The ports default to 8080 (case service) and 8081
 * (query service): {@code --case-service.server.port=9090 --query-service.server.port=9091}. The embedded store reads
 * {@code kcbx.embedded-mongo.*} (data directory, port); an explicit {@code spring.data.mongodb.uri} (argument,
 * environment variable or system property) means a real MongoDB, and then no embedded store starts.
 *
 * <p>In production the two services run as separate processes from their own jars instead.
 */
public final class KcbxApp implements AutoCloseable {

    /** Next to the store's data file, as the case service would name it on its own embedded store. */
    static final String STUDENT_LOOKUP_KEY_FILE_NAME = "kcbx-student-lookup.key";

    public static final String CASE_SERVICE_PREFIX = "--case-service.";
    public static final String QUERY_SERVICE_PREFIX = "--query-service.";
    static final int DEFAULT_CASE_SERVICE_PORT = 8080;
    static final int DEFAULT_QUERY_SERVICE_PORT = 8081;

    private static final Logger log = LoggerFactory.getLogger(KcbxApp.class);

    private final EmbeddedMongoServer store;
    private final ConfigurableApplicationContext caseService;
    private final ConfigurableApplicationContext queryService;
    private boolean closed;
    private ScheduledBackups backups;

    private KcbxApp(EmbeddedMongoServer store, ConfigurableApplicationContext caseService,
                    ConfigurableApplicationContext queryService) {
        this.store = store;
        this.caseService = caseService;
        this.queryService = queryService;
    }

    public static void main(String[] args) {
        KcbxApp app;
        try {
            app = start(args);
        } catch (EmbeddedStoreUnavailableException e) {
            log.error("kcbx cannot start: {}", e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "kcbx-shutdown"));
    }

    /** Starts the store (unless a real MongoDB is configured) and both services; returns once all three are up. */
    public static KcbxApp start(String... args) {
        long startedAt = System.nanoTime();
        List<String> shared = new ArrayList<>();
        List<String> caseArgs = new ArrayList<>();
        List<String> queryArgs = new ArrayList<>();
        for (String arg : args) {
            if (arg.startsWith(CASE_SERVICE_PREFIX)) {
                caseArgs.add("--" + arg.substring(CASE_SERVICE_PREFIX.length()));
            } else if (arg.startsWith(QUERY_SERVICE_PREFIX)) {
                queryArgs.add("--" + arg.substring(QUERY_SERVICE_PREFIX.length()));
            } else if (isOption(arg, "server.port")) {
                throw new IllegalArgumentException("--server.port would give both services the same port: use "
                        + CASE_SERVICE_PREFIX + "server.port=… and " + QUERY_SERVICE_PREFIX + "server.port=…");
            } else {
                shared.add(arg);
            }
        }

        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource(shared.toArray(String[]::new)));
        String configuredUri = environment.getProperty("spring.data.mongodb.uri");

        EmbeddedMongoServer store = null;
        List<String> storeArgs = new ArrayList<>();
        storeArgs.add("--kcbx.embedded-mongo.enabled=false"); // the store is this launcher's, not a service's
        if (!StringUtils.hasText(configuredUri)) {
            EmbeddedMongoProperties properties = Binder.get(environment)
                    .bindOrCreate("kcbx.embedded-mongo", EmbeddedMongoProperties.class);
            // Only connections carrying the store's access key are answered: not another account's (StoreAccess).
            store = EmbeddedMongoServer.start(properties.dataFile(), properties.host(), properties.port(),
                                              properties.accessKeyFile());
            storeArgs.add("--spring.data.mongodb.uri=" + store.connectionString(properties.database()));
            // The master key of personal data lives next to the store's data file, generated on first start.
            if (!StringUtils.hasText(environment.getProperty("kcbx.privacy.master-key-file"))) {
                Path masterKeyFile = properties.dataDirectory().resolve("kcbx-master.key");
                MasterKey.load(masterKeyFile, true);
                storeArgs.add("--kcbx.privacy.master-key-file=" + masterKeyFile);
            }
            // And the key that finds a student's data key: in the data directory too, wherever a rotated master key
            // is (written by the first service from the master key if missing; deploy/README.md).
            if (!StringUtils.hasText(environment.getProperty("kcbx.privacy.lookup-key-file"))) {
                storeArgs.add("--kcbx.privacy.lookup-key-file="
                                      + properties.dataDirectory().resolve(PrivacyAutoConfiguration.LOOKUP_KEY_FILE_NAME));
            }
            // So is the key that seals sign-in sessions: both services must use the same one.
            if (!StringUtils.hasText(environment.getProperty("kcbx.security.session-key-file"))) {
                Path sessionKeyFile = properties.dataDirectory().resolve(AccessAutoConfiguration.SESSION_KEY_FILE_NAME);
                KeyFiles.load(sessionKeyFile, true, "Session key", "point kcbx.security.session-key-file at it");
                storeArgs.add("--kcbx.security.session-key-file=" + sessionKeyFile);
            }
            // And the key of the duplicate-case lookup: the case service asks for it, as for any MongoDB URI.
            if (!StringUtils.hasText(environment.getProperty("kcbx.case.student-key-file"))
                    && !StringUtils.hasText(environment.getProperty("kcbx.case.student-key-secret"))) {
                Path lookupKeyFile = properties.dataDirectory().resolve(STUDENT_LOOKUP_KEY_FILE_NAME);
                KeyFiles.load(lookupKeyFile, true, "Student lookup key", "point kcbx.case.student-key-file at it");
                storeArgs.add("--kcbx.case.student-key-file=" + lookupKeyFile);
            }
            // And the key phones seal offline registrations for (the case service generates it when missing).
            if (!StringUtils.hasText(environment.getProperty("kcbx.case.intake-sealing-key-file"))) {
                storeArgs.add("--kcbx.case.intake-sealing-key-file="
                                      + properties.dataDirectory().resolve(IntakeSealingKey.DEFAULT_FILE_NAME));
            }
        }

        ConfigurableApplicationContext caseService = null;
        ConfigurableApplicationContext queryService = null;
        try {
            // The read side first: the case service serves the pages and passes their read-side requests on to it,
            // so it needs the query service's port (which may be chosen at random).
            queryService = run(QueryServiceApplication.builder().main(QueryServiceApplication.class),
                               shared, storeArgs, queryArgs, DEFAULT_QUERY_SERVICE_PORT);
            List<String> caseServiceArgs = new ArrayList<>(caseArgs);
            if (caseArgs.stream().noneMatch(a -> isOption(a, "kcbx.web.query-service-url"))
                    && shared.stream().noneMatch(a -> isOption(a, "kcbx.web.query-service-url"))) {
                caseServiceArgs.add("--kcbx.web.query-service-url=http://127.0.0.1:"
                                            + queryService.getEnvironment().getProperty("local.server.port"));
            }
            // The demo county (kcbx.demo.enabled=true) is this launcher's: the case service's own jar has none.
            caseService = run(CaseServiceApplication.builder().main(CaseServiceApplication.class)
                                      .sources(DemoConfiguration.class),
                              shared, storeArgs, caseServiceArgs, DEFAULT_CASE_SERVICE_PORT);
        } catch (RuntimeException | Error e) {
            new KcbxApp(store, caseService, queryService).close();
            throw e;
        }
        KcbxApp app = new KcbxApp(store, caseService, queryService);
        if (store != null) {
            EmbeddedMongoProperties.Backup backup = Binder.get(environment)
                    .bindOrCreate("kcbx.embedded-mongo", EmbeddedMongoProperties.class).backup();
            if (backup.directory() != null) {
                app.backups = new ScheduledBackups(store, backup, Clock.systemDefaultZone());
                app.backups.start();
            }
        }
        log.info("kcbx is ready in {} s (JVM up {} s) - case service (commands): {} - query service (reads): {} - "
                        + "store: {}",
                 seconds(Duration.ofNanos(System.nanoTime() - startedAt)),
                 seconds(Duration.ofMillis(ManagementFactory.getRuntimeMXBean().getUptime())),
                 app.caseServiceUrl(), app.queryServiceUrl(),
                 store == null ? "MongoDB from spring.data.mongodb.uri" : "embedded, data file " + store.dataFile());
        return app;
    }

    private static ConfigurableApplicationContext run(SpringApplicationBuilder builder, List<String> shared,
                                                      List<String> storeArgs, List<String> own, int defaultPort) {
        List<String> args = new ArrayList<>(shared);
        args.addAll(own);
        // A command-line option given twice is read as "a,b": add the launcher's values only where none was given.
        for (String arg : storeArgs) {
            String name = arg.substring(2, arg.indexOf('='));
            if (args.stream().noneMatch(a -> isOption(a, name))) {
                args.add(arg);
            }
        }
        if (args.stream().noneMatch(a -> isOption(a, "server.port"))) {
            args.add("--server.port=" + defaultPort); // also above the services' ${PORT:…}, which both would read
        }
        // One logging system serves both contexts, so a per-line application name would name the wrong one.
        if (args.stream().noneMatch(a -> isOption(a, "logging.include-application-name"))) {
            args.add("--logging.include-application-name=false");
        }
        return builder.registerShutdownHook(false).run(args.toArray(String[]::new));
    }

    private static boolean isOption(String arg, String name) {
        return arg.equals("--" + name) || arg.startsWith("--" + name + "=");
    }

    private static String seconds(Duration duration) {
        return String.format("%.1f", duration.toMillis() / 1000.0);
    }

    public int caseServicePort() {
        return port(caseService);
    }

    public int queryServicePort() {
        return port(queryService);
    }

    public String caseServiceUrl() {
        return "http://localhost:" + caseServicePort();
    }

    public String queryServiceUrl() {
        return "http://localhost:" + queryServicePort();
    }

    /** The embedded store, or empty when the services use a MongoDB given by {@code spring.data.mongodb.uri}. */
    public Optional<EmbeddedMongoServer> store() {
        return Optional.ofNullable(store);
    }

    /** The store's daily online backups, when {@code kcbx.embedded-mongo.backup.directory} is set. */
    public Optional<ScheduledBackups> backups() {
        return Optional.ofNullable(backups);
    }

    public ConfigurableApplicationContext caseService() {
        return caseService;
    }

    public ConfigurableApplicationContext queryService() {
        return queryService;
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    /** Stops the reader, then the writer, then the store, which writes its file out as it closes. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        log.info("kcbx is stopping");
        closeQuietly(queryService);
        closeQuietly(caseService);
        if (backups != null) {
            backups.close();
        }
        if (store != null) {
            store.close();
        }
    }

    private static void closeQuietly(ConfigurableApplicationContext context) {
        if (context == null) {
            return;
        }
        try {
            context.close();
        } catch (RuntimeException e) {
            log.warn("closing {} failed", context.getId(), e);
        }
    }
}
