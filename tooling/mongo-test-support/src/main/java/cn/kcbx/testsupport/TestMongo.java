package cn.kcbx.testsupport;

import cn.kcbx.embeddedmongo.EmbeddedMongoServer;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.MongoDBContainer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * The one place that decides which MongoDB the tests run against, once per JVM:
 * <ol>
 *   <li>{@code MONGODB_URI} (environment variable or system property) when set;</li>
 *   <li>else a Testcontainers MongoDB replica set when a Docker engine answers;</li>
 *   <li>else the embedded server (mongo-java-server on an H2 MVStore file, in memory where there is room: see
 *       {@link #tempDataFile()}), the product's own default.</li>
 * </ol>
 * Every test class gets its own database, so tests never see each other's data.
 */
public final class TestMongo {

    private static final Logger log = LoggerFactory.getLogger(TestMongo.class);
    private static final String MONGO_IMAGE = "mongo:7.0";
    private static TestMongo instance;

    private final Backend backend;
    private final String baseUri;
    private final MongoClient client;

    public enum Backend {
        EXTERNAL_URI("MongoDB from MONGODB_URI", true),
        TESTCONTAINERS("Testcontainers MongoDB " + MONGO_IMAGE + " (single-node replica set)", true),
        EMBEDDED("embedded mongo-java-server (H2 MVStore file)", false);

        private final String description;
        private final boolean realMongo;

        Backend(String description, boolean realMongo) {
            this.description = description;
            this.realMongo = realMongo;
        }

        public String description() {
            return description;
        }

        public boolean isRealMongo() {
            return realMongo;
        }
    }

    private TestMongo(Backend backend, String baseUri) {
        this.backend = backend;
        this.baseUri = baseUri;
        this.client = MongoClients.create(baseUri);
    }

    public static synchronized TestMongo get() {
        if (instance == null) {
            instance = start();
            log.info("MongoDB test backend: {} at {}", instance.backend.description(), redact(instance.baseUri));
        }
        return instance;
    }

    private static TestMongo start() {
        String uri = System.getProperty("MONGODB_URI", System.getenv("MONGODB_URI"));
        if (uri != null && !uri.isBlank()) {
            return new TestMongo(Backend.EXTERNAL_URI, uri);
        }
        if (dockerAvailable()) {
            MongoDBContainer container = new MongoDBContainer(MONGO_IMAGE);
            container.start();
            afterSpringContextsClose(container::stop);
            return new TestMongo(Backend.TESTCONTAINERS, container.getReplicaSetUrl());
        }
        Path dataFile = tempDataFile();
        EmbeddedMongoServer server = EmbeddedMongoServer.start(dataFile, "127.0.0.1", 0);
        afterSpringContextsClose(server::close);
        // A JVM hook of its own: Spring's shutdown handlers run only in a JVM that started a Spring application.
        // Deleting the directory while the store may still write its last commit is harmless on Linux (the open
        // file goes away with the process); it only frees the space.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(dataFile.getParent()),
                                                        "kcbx-test-store-cleanup"));
        return new TestMongo(Backend.EMBEDDED, server.connectionString("test"));
    }

    /**
     * Stops the test store at JVM exit, but only after the Spring contexts of the tests have closed: a store stopped
     * beside them (JVM shutdown hooks run at the same time) left each context's event processors waiting 30 s for a
     * server to select, and the test JVM was killed by Surefire instead of ending.
     */
    private static void afterSpringContextsClose(Runnable stop) {
        SpringApplication.getShutdownHandlers().add(stop);
    }

    private static boolean dockerAvailable() {
        boolean dockerConfigured = System.getenv("DOCKER_HOST") != null
                || Files.exists(Path.of("/var/run/docker.sock"))
                || Files.exists(Path.of(System.getProperty("user.home"), ".testcontainers.properties"));
        if (!dockerConfigured) {
            return false; // no engine to ask: skip Testcontainers' noisy probing
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /**
     * The embedded store's file, in a directory of its own under {@link #MEMORY_DIRECTORY} when that is a writable
     * directory with {@link #MEMORY_HEADROOM} free (Linux's tmpfs), else under the system's temp directory. The store
     * runs exactly as on disk, committing and syncing every acknowledged write between whole operations; only the sync
     * of a file in memory returns at once. (On the 2-core build machine the syncs were about a tenth of the API tests'
     * time: 5,356 syncs, 8.3 s, in CaseInputValidationApiTest and CaseGarbageInputApiTest.) The directory is deleted
     * when the store stops.
     */
    private static Path tempDataFile() {
        try {
            Path dir = Files.createTempDirectory(tempRoot(), "kcbx-test-mongo");
            return dir.resolve("test.mv.db");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final Path MEMORY_DIRECTORY = Path.of("/dev/shm");
    /** A test JVM's store grows to a few hundred MB at most; a small /dev/shm (a container's 64 MB) is not used. */
    private static final long MEMORY_HEADROOM = 2L * 1024 * 1024 * 1024;

    private static Path tempRoot() {
        try {
            if (Files.isDirectory(MEMORY_DIRECTORY) && Files.isWritable(MEMORY_DIRECTORY)
                    && Files.getFileStore(MEMORY_DIRECTORY).getUsableSpace() >= MEMORY_HEADROOM) {
                return MEMORY_DIRECTORY;
            }
        } catch (IOException | SecurityException e) {
            // no usable memory file system: the temp directory
        }
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    private static void deleteQuietly(Path directory) {
        try (var paths = Files.walk(directory)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            log.debug("could not delete the test store's directory {}: {}", directory, e.toString());
        }
    }

    private static String redact(String uri) {
        return uri.replaceAll("//[^@/]*@", "//***@");
    }

    public Backend backend() {
        return backend;
    }

    public MongoClient client() {
        return client;
    }

    /** A fresh database name, unique to the caller. */
    public String newDatabaseName(String prefix) {
        return (prefix + "_" + UUID.randomUUID().toString().substring(0, 8)).replaceAll("[^A-Za-z0-9_]", "_");
    }

    /** A connection string for {@code database}, keeping the backend's options (replica set name, credentials). */
    public String connectionString(String database) {
        com.mongodb.ConnectionString parsed = new com.mongodb.ConnectionString(baseUri);
        String hosts = String.join(",", parsed.getHosts());
        String credentials = parsed.getUsername() == null ? ""
                : parsed.getUsername() + ":" + new String(parsed.getPassword()) + "@";
        String query = baseUri.contains("?") ? baseUri.substring(baseUri.indexOf('?')) : "";
        return "mongodb://" + credentials + hosts + "/" + database + query;
    }
}
