package cn.kcbx.embeddedmongo;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The zero-configuration store: mongo-java-server speaking the MongoDB wire protocol on loopback, persisting to an
 * H2 MVStore file. It has no multi-document transactions and no secondary (non-unique) indexes; the event store is
 * designed so that neither is needed.
 */
public final class EmbeddedMongoServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedMongoServer.class);

    private final MongoServer server;
    private final H2Backend backend;
    private final InetSocketAddress address;
    private final Path dataFile;

    private EmbeddedMongoServer(MongoServer server, H2Backend backend, InetSocketAddress address, Path dataFile) {
        this.server = server;
        this.backend = backend;
        this.address = address;
        this.dataFile = dataFile;
    }

    /**
     * Starts a server persisting to {@code dataFile} (created with its directory if missing), listening on
     * {@code host:port}; port 0 picks a free port.
     */
    public static EmbeddedMongoServer start(Path dataFile, String host, int port) {
        Path absolute = dataFile.toAbsolutePath().normalize();
        try {
            Files.createDirectories(absolute.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + absolute.getParent(), e);
        }
        H2Backend backend = new H2Backend(absolute.toString());
        MongoServer server = new MongoServer(backend);
        try {
            server.bind(host, port);
        } catch (RuntimeException e) {
            backend.close();
            throw new IllegalStateException("cannot listen on " + host + ":" + port
                    + " for the embedded MongoDB-compatible store (is another instance running on the same port?)", e);
        }
        InetSocketAddress address = server.getLocalAddress();
        log.info("Embedded MongoDB-compatible store (mongo-java-server, H2 MVStore) listening on {}:{}, data file {}",
                address.getHostString(), address.getPort(), absolute);
        return new EmbeddedMongoServer(server, backend, address, absolute);
    }

    /** A connection string for {@code database} on this server. */
    public String connectionString(String database) {
        return "mongodb://" + address.getHostString() + ":" + address.getPort() + "/" + database;
    }

    public int port() {
        return address.getPort();
    }

    public Path dataFile() {
        return dataFile;
    }

    @Override
    public void close() {
        server.shutdown();
        backend.close();
        log.info("Embedded MongoDB-compatible store stopped, data file {}", dataFile);
    }
}
