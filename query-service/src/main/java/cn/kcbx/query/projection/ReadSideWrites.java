package cn.kcbx.query.projection;

import cn.kcbx.embeddedmongo.SyncBarrier;

import com.mongodb.WriteConcern;
import com.mongodb.client.MongoDatabase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.MongoDatabaseFactory;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * How the read side writes its own state (projections, processor positions, the watermark), and the rule that keeps
 * it whole across a crash of the store: <b>a processor position is stored only once every projection write before it
 * is on disk.</b> This service outlives a crash of the store it writes to; it then carries on from the positions in
 * its memory, so a projection write that the crash took back would never be made again.
 *
 * <p>On the embedded store these writes use {@code w: 1}, answered before the disk (one sync per write would make the
 * live ledgers lag), and {@link #confirmDurable} runs the store's sync barrier before a position is stored: it syncs
 * everything written so far and fails if the store has restarted since the writes began, because then some of them
 * may be lost. On MongoDB there is no barrier; the writes use the client's durable write concern (majority, journaled),
 * so a failover cannot roll them back.
 *
 * <p>Pointers and alarms that cannot be rebuilt from the events ({@link #durable()}) are always written durably.
 */
@Component
public class ReadSideWrites {

    private static final Logger log = LoggerFactory.getLogger(ReadSideWrites.class);

    private final MongoDatabase durable;
    private final MongoDatabase projections;
    private final boolean barrier;

    ReadSideWrites(MongoDatabaseFactory databaseFactory) {
        this.durable = databaseFactory.getMongoDatabase();
        this.barrier = SyncBarrier.run(durable).isPresent();
        this.projections = barrier ? durable.withWriteConcern(WriteConcern.W1) : durable;
        log.info("Read-side writes: {}", barrier
                ? "w:1 on the embedded store, synced by its barrier before every stored position"
                : "the client's durable write concern (no sync barrier on this server)");
    }

    /** Where projections, processor positions and the watermark are written. */
    public MongoDatabase database() {
        return projections;
    }

    /** Where state that no rebuild could restore is written: every write is on disk when it is answered. */
    public MongoDatabase durable() {
        return durable;
    }

    /**
     * The store's incarnation now, to be passed to {@link #confirmDurable} after writing; empty when the writes are
     * durable anyway (MongoDB).
     */
    public Optional<String> incarnation() {
        return barrier ? SyncBarrier.run(durable) : Optional.empty();
    }

    /**
     * Returns once everything written since {@code since} (from {@link #incarnation}) is on disk; throws
     * {@link StoreRestartedException} if the store restarted meanwhile, as writes answered before the restart may be
     * lost.
     */
    public void confirmDurable(Optional<String> since) {
        if (since.isEmpty()) {
            return;
        }
        Optional<String> now = SyncBarrier.run(durable);
        if (!now.equals(since)) {
            throw new StoreRestartedException(since.get(), now.orElse("?"));
        }
    }
}
