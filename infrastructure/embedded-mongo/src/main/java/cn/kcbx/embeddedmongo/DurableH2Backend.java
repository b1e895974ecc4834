package cn.kcbx.embeddedmongo;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;
import de.bwaldvogel.mongo.exception.MongoServerException;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import de.bwaldvogel.mongo.wire.message.MongoQuery;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * mongo-java-server's H2 backend with its answers made durable by {@link GroupCommit}: the MVStore never commits by
 * itself (auto-commit is off), every command runs as a read or a write of the group commit, and a write is answered
 * only after its commit is synced to disk.
 */
final class DurableH2Backend extends H2Backend {

    /** Commands that touch no data: they neither change nor reveal anything that a crash could take back. */
    private static final AttributeKey<Boolean> ADMITTED = AttributeKey.valueOf("kcbx.store.admitted");
    private static final AttributeKey<Boolean> REFUSED = AttributeKey.valueOf("kcbx.store.refused");
    private static final Logger log = LoggerFactory.getLogger(DurableH2Backend.class);

    private volatile String credential;

    private static final Set<String> HANDSHAKE = Set.of("hello", "ismaster", "ping", "buildinfo", "whatsmyuri",
            "endsessions", "killcursors", "getlasterror", "serverstatus", "getparameter", "getcmdlineopts",
            "hostinfo", "connectionstatus", "getlog", "saslstart", "saslcontinue", "logout");

    /** Commands that only read. Every other command counts as a write (unknown ones too, to be safe). */
    private static final Set<String> READS = Set.of("find", "getmore", "count", "distinct", "listcollections",
            "listindexes", "listdatabases", "collstats", "dbstats", "datasize", "validate", "explain");

    private static final String SYNC_BARRIER = SyncBarrier.COMMAND.toLowerCase(Locale.ROOT);

    private final GroupCommit groupCommit;
    private final Compaction compaction;
    private final Runnable lastWrite;
    /** Drawn afresh at every start: see {@link SyncBarrier}. */
    private final String incarnation = UUID.randomUUID().toString();

    /**
     * @param lastWrite runs with no command in flight when the server shuts down, and is committed with the rest
     */
    DurableH2Backend(MVStore store, GroupCommit groupCommit, Compaction compaction, Runnable lastWrite) {
        super(store);
        this.groupCommit = groupCommit;
        this.compaction = compaction;
        this.lastWrite = lastWrite;
        openDatabases(store);
    }

    /**
     * Opens every database that has a collection, as the stock constructor does for the stock data maps' names (this
     * store's are {@link DocumentMaps}'), so that they are listed and their collections' indexes are open.
     */
    private void openDatabases(MVStore store) {
        DocumentMaps.collections(store).stream().map(Utils::firstFragment).distinct().forEach(database -> {
            try {
                resolveDatabase(database);
            } catch (MongoServerException e) {
                log.error("Embedded store: could not open database '{}'", database, e);
            }
        });
    }

    /**
     * From now on only connections that open with the store's access credential are answered (see
     * {@link StoreAccess}); null leaves the store open (tests on a temporary store).
     */
    void requireCredential(String credential) {
        this.credential = credential;
    }

    /**
     * Admits a connection whose first command is the driver's handshake carrying the credential as its application
     * name; refuses every command of any other connection. Null channels are the store's own calls.
     */
    private void admit(Channel channel, String command, Document query) {
        if (credential == null || channel == null || Boolean.TRUE.equals(channel.attr(ADMITTED).get())) {
            return;
        }
        if ((command.equals("hello") || command.equals("ismaster"))
                && query.get("client") instanceof Document client
                && client.get("application") instanceof Document application
                && StoreAccess.matches(credential, application.get("name"))) {
            channel.attr(ADMITTED).set(Boolean.TRUE);
            return;
        }
        if (channel.attr(REFUSED).setIfAbsent(Boolean.TRUE) == null) {
            log.warn("Embedded store: refused a connection from {} without the store's access key (command {})",
                     channel.remoteAddress(), command);
        }
        throw new MongoServerError(18, "AuthenticationFailed",
                "内嵌数据库只接受持有访问密钥的连接 (the embedded store requires its access key, see "
                        + StoreAccess.PROPERTY + ")");
    }

    @Override
    public Document handleMessage(MongoMessage message) {
        Document document = message.getDocument();
        String command = document.isEmpty() ? "" : document.keySet().iterator().next().toLowerCase(Locale.ROOT);
        admit(message.getChannel(), command, document);
        return super.handleMessage(message);
    }

    @Override
    public Document handleCommand(Channel channel, String database, String command, Document query) {
        String name = command.toLowerCase(Locale.ROOT);
        admit(channel, name, query);
        if (name.equals(SYNC_BARRIER)) {
            groupCommit.awaitFinishedWrites();
            return new Document("ok", 1.0).append(SyncBarrier.INCARNATION, incarnation);
        }
        if (HANDSHAKE.contains(name)) {
            return super.handleCommand(channel, database, command, query);
        }
        String collection = collectionOf(database, command, query);
        if (READS.contains(name) || (name.equals("aggregate") && !writesOutput(query))) {
            return groupCommit.read(collection, () -> super.handleCommand(channel, database, command, query));
        }
        return groupCommit.write(name.startsWith("drop") || name.startsWith("rename") ? null : collection,
                                 asksForDurability(query),
                                 () -> super.handleCommand(channel, database, command, query));
    }

    @Override
    public QueryResult handleQuery(MongoQuery query) {
        admit(query.getChannel(), "query", query.getQuery());
        return groupCommit.read(null, () -> super.handleQuery(query));
    }

    /**
     * Whether a write's answer must wait for the disk: yes unless its write concern asks for neither the journal
     * ({@code j: true}) nor a majority (which implies it), as the read side does for its projections, which it can
     * rebuild. A write without a write concern waits.
     */
    private static boolean asksForDurability(Document command) {
        if (!(command.get("writeConcern") instanceof Document writeConcern)) {
            return true;
        }
        return Boolean.TRUE.equals(writeConcern.get("j")) || "majority".equals(writeConcern.get("w"))
                || !writeConcern.containsKey("w");
    }

    /** The collection a command names (its first field's value, or {@code collection} for getMore), if any. */
    private static String collectionOf(String database, String command, Document query) {
        Object named = command.equalsIgnoreCase("getMore") ? query.get("collection") : query.get(command);
        return named instanceof String collection ? database + "." + collection : null;
    }

    private static boolean writesOutput(Document aggregate) {
        Object pipeline = aggregate.get("pipeline");
        if (pipeline instanceof List<?> stages) {
            for (Object stage : stages) {
                if (stage instanceof Document document
                        && (document.containsKey("$out") || document.containsKey("$merge"))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Called by the server once its threads have stopped: the last commit, then MVStore closes the file. */
    @Override
    public void close() {
        compaction.close();
        if (!getMvStore().isClosed()) {
            groupCommit.exclusively(lastWrite);
        }
        super.close();
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new InsertOnceH2Database(databaseName, getMvStore(), getCursorRegistry());
    }
}
