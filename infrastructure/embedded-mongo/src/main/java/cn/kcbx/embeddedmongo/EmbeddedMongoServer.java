package cn.kcbx.embeddedmongo;

import de.bwaldvogel.mongo.MongoServer;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.zip.ZipOutputStream;

/**
 * The zero-configuration store: mongo-java-server speaking the MongoDB wire protocol on loopback, persisting to an
 * H2 MVStore file. It has no multi-document transactions and no secondary (non-unique) indexes; the event store is
 * designed so that neither is needed.
 *
 * <p>Durability: MVStore's auto-commit is off. Every answer waits for a group commit that writes the store between
 * whole operations and syncs the file ({@link GroupCommit}), so an acknowledged write survives SIGKILL and power loss,
 * and a crash never leaves half an operation on disk. After a shutdown that was not clean, the indexes are checked
 * against the documents before the port opens ({@link IndexRepair}).
 */
public final class EmbeddedMongoServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedMongoServer.class);

    /**
     * Netty threads that run commands. A command blocks its thread until its group commit is synced, so there must
     * be more threads than commands that should share one sync.
     */
    private static final int COMMAND_THREADS = 64;
    /**
     * How long a chunk no longer referenced is kept before its space is reused. MVStore's default (45 s) guards
     * against a file system that writes a new chunk after the header that points to it; every commit here is synced
     * before the next one, and MVStore rewrites its header when it reuses space, so the space is reused at once (a
     * 2 s retention kept 2 s of commits, about 40 % of the file, as dead chunks).
     */
    private static final int RETENTION_MILLIS = 0;
    private static final String STATE_MAP = "kcbx.embedded-store";
    private static final String OPEN_SINCE = "openSince";

    private final MongoServer server;
    private final MVStore store;
    private final GroupCommit groupCommit;
    private final InetSocketAddress address;
    private final Path dataFile;
    /** The application name a client's connections must carry (see {@link StoreAccess}); null for an open store. */
    private final String credential;

    private EmbeddedMongoServer(MongoServer server, MVStore store, GroupCommit groupCommit, InetSocketAddress address,
                                Path dataFile, String credential) {
        this.server = server;
        this.store = store;
        this.groupCommit = groupCommit;
        this.address = address;
        this.dataFile = dataFile;
        this.credential = credential;
    }

    /**
     * A store that answers only connections carrying the credential of {@code accessKeyFile} (created owner-only at
     * the first start): another account on the machine cannot use the port (see {@link StoreAccess}). This is how the
     * services run it; {@link #connectionString} carries the credential.
     */
    public static EmbeddedMongoServer start(Path dataFile, String host, int port, Path accessKeyFile) {
        return start(dataFile, host, port, StoreAccess.credential(accessKeyFile, true));
    }

    /**
     * Starts a server persisting to {@code dataFile} (created with its directory if missing, both readable by this
     * account only), listening on {@code host:port}; port 0 picks a free port.
     *
     * @throws EmbeddedStoreUnavailableException when the file is in use by another process, cannot be read, or the
     *                                           port is taken: the message says which, in Chinese and English
     */
    public static EmbeddedMongoServer start(Path dataFile, String host, int port) {
        return start(dataFile, host, port, (String) null);
    }

    private static EmbeddedMongoServer start(Path dataFile, String host, int port, String credential) {
        Path absolute = dataFile.toAbsolutePath().normalize();
        createPrivateDirectory(absolute.getParent());
        MVStore store = open(absolute);
        restrictToOwner(absolute, false);
        MongoServer server = null;
        try {
            boolean cleanShutdown = markOpen(store);
            if (DocumentMaps.hasStockMaps(store)) {
                log.warn("The embedded store's file holds documents in the stock (Java-serialized) form; moving them");
                long moved = DocumentMaps.moveStockMaps(store);
                log.info("Embedded store: {} documents moved into the compact form", moved);
            }
            GroupCommit groupCommit = new GroupCommit(store);
            Compaction compaction = new Compaction(store, groupCommit, Duration.ofSeconds(1));
            DurableH2Backend backend = new DurableH2Backend(store, groupCommit, compaction, () -> markClosed(store));
            backend.requireCredential(credential);
            store.setRetentionTime(RETENTION_MILLIS);
            IndexRepair indexRepair = new IndexRepair(store, backend);
            if (indexRepair.hasStockIndexes()) {
                log.warn("The embedded store's file has unique indexes in the stock key order; indexing its documents again");
                groupCommit.exclusively(() -> {
                    List<String> repairs = indexRepair.checkAndRepair();
                    indexRepair.dropStockIndexes();
                    log.info("Embedded store indexed again in its own key order ({} repairs)", repairs.size());
                });
            } else if (!cleanShutdown) {
                log.warn("The embedded store was not shut down cleanly last time; checking its indexes against its documents");
                groupCommit.exclusively(() -> {
                    List<String> repairs = indexRepair.checkAndRepair();
                    log.info("Embedded store check after an unclean shutdown: {}",
                             repairs.isEmpty() ? "every index agrees with its documents" : repairs.size() + " repairs");
                });
            }
            compaction.start();
            server = new MongoServer(backend);
            server.bind(new InetSocketAddress(host, port), 1, COMMAND_THREADS);
            InetSocketAddress address = server.getLocalAddress();
            log.info("Embedded MongoDB-compatible store (mongo-java-server, H2 MVStore, synced group commit) listening"
                     + " on {}:{}, data file {}", address.getHostString(), address.getPort(), absolute);
            if (credential == null) {
                log.warn("Embedded store on {}:{} is open to every local account (no access key): for tests only",
                         address.getHostString(), address.getPort());
            }
            return new EmbeddedMongoServer(server, store, groupCommit, address, absolute, credential);
        } catch (Exception e) { // netty throws a BindException that the compiler does not see coming
            if (server != null) {
                server.shutdownNow();
            }
            store.closeImmediately();
            if (isAddressInUse(e)) {
                throw new EmbeddedStoreUnavailableException(
                        "内嵌数据库端口 " + host + ":" + port + " 已被占用，可能已有一个实例在运行 (port " + port
                        + " is in use: is another instance running? Stop it or set kcbx.embedded-mongo.port)", e);
            }
            throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
        }
    }

    private static MVStore open(Path file) {
        try {
            return new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open();
        } catch (MVStoreException e) {
            if (e.getErrorCode() == DataUtils.ERROR_FILE_LOCKED) {
                throw new EmbeddedStoreUnavailableException(
                        "内嵌数据库文件 " + file + " 正被另一个进程使用 (the data file is in use by another process: is"
                        + " another instance running with the same data directory?)", e);
            }
            throw new EmbeddedStoreUnavailableException(
                    "无法打开内嵌数据库文件 " + file + " (cannot open the data file: " + e.getMessage() + ")", e);
        }
    }

    /** Records that the store is open; answers whether the previous run closed it cleanly. */
    private static boolean markOpen(MVStore store) {
        MVMap<String, Long> state = store.openMap(STATE_MAP);
        boolean fresh = store.getMapNames().size() <= 1;
        boolean clean = fresh || !state.containsKey(OPEN_SINCE);
        state.put(OPEN_SINCE, System.currentTimeMillis());
        store.commit();
        store.sync();
        return clean;
    }

    private static void markClosed(MVStore store) {
        store.<String, Long>openMap(STATE_MAP).remove(OPEN_SINCE);
    }

    private static boolean isAddressInUse(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.net.BindException
                    || (cause.getMessage() != null && cause.getMessage().contains("Address already in use"))) {
                return true;
            }
        }
        return false;
    }

    private static void createPrivateDirectory(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + directory, e);
        }
        restrictToOwner(directory, true);
    }

    /** The store holds minors' data: its directory and file are for the service's account only. */
    static void restrictToOwner(Path path, boolean directory) {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(directory ? "rwx------" : "rw-------"));
        } catch (IOException e) {
            log.warn("Could not restrict {} to its owner: {}", path, e.toString());
        }
    }

    /** A connection string for {@code database} on this server, with the store's credential when it has one. */
    public String connectionString(String database) {
        return "mongodb://" + address.getHostString() + ":" + address.getPort() + "/" + database
                + (credential == null ? "" : "?appName=" + credential);
    }

    public int port() {
        return address.getPort();
    }

    public Path dataFile() {
        return dataFile;
    }

    /**
     * Copies the store, while it keeps answering, into a zip file holding the data file as it stood at one commit:
     * every write answered before the call, and possibly some answered during it, never half an operation. While the
     * copy runs, MVStore writes new commits only after the end of the file (no space is reused), so the part being
     * copied does not change; reading the copy later finds its newest complete commit, as after a crash. The zip is
     * written beside {@code target} first and renamed when complete, readable by the owner only (minors' data).
     *
     * @return the size of the zip file in bytes
     */
    public synchronized long backupTo(Path target) {
        Path absolute = target.toAbsolutePath().normalize();
        createPrivateDirectory(absolute.getParent());
        Path partial = absolute.resolveSibling(absolute.getFileName() + ".part");
        groupCommit.exclusively(() -> store.setReuseSpace(false));
        try {
            Files.deleteIfExists(partial);
            Files.createFile(partial);
            restrictToOwner(partial, false);
            try (FileChannel file = FileChannel.open(partial, StandardOpenOption.WRITE);
                 ZipOutputStream zip = new ZipOutputStream(Channels.newOutputStream(file))) {
                store.getFileStore().backup(zip);
                zip.finish();
                zip.flush();
                file.force(true);
            }
            Files.move(partial, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return Files.size(absolute);
        } catch (IOException e) {
            deleteQuietly(partial);
            throw new UncheckedIOException("embedded store backup to " + absolute + " failed", e);
        } finally {
            groupCommit.exclusively(() -> store.setReuseSpace(true));
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("Could not remove the unfinished backup {}: {}", file, e.toString());
        }
    }

    /** Group commits so far (each one MVStore chunk and one fsync). */
    public long commits() {
        return groupCommit.commits();
    }

    /** Stops answering, then marks the shutdown as clean and closes the file (the backend does both). */
    @Override
    public void close() {
        server.shutdownNow();
        log.info("Embedded MongoDB-compatible store stopped, data file {}", dataFile);
    }
}
