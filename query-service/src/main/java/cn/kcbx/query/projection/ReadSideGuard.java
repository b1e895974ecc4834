package cn.kcbx.query.projection;

import cn.kcbx.eventstore.GapFreeMongoEventStorageEngine;
import cn.kcbx.query.projection.ProjectionSettings.OnStoreBehind;
import cn.kcbx.query.projection.ReadSideStatus.State;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lt;

/**
 * Keeps the read side from running ahead of the event store.
 *
 * <p>The store can lose what the read side has already read: a crash that loses the last commits of the embedded
 * store while this service keeps running, a restore from an older backup, a MongoDB rollback. The lost positions are
 * then written again, with other events. A processor whose tokens stand beyond the store's new head skips those
 * events, and projections keep events that no longer exist. Both are detected here by a <b>watermark</b>: the
 * furthest position the live stream has read and that event's identifier, held in memory and in
 * {@code projection_state} (written before the events are handed to the processor, so no token and no projection can
 * get ahead of it). The read side is <b>ahead of the store</b> when the store's event at the watermark is gone or is
 * another event, or when a stored token stands beyond the store's head. Losses and rollbacks remove a suffix of the
 * log, so an intact watermark vouches for everything before it.
 *
 * <p>It is checked when the live stream opens, before every batch it hands out ({@link #admit}), and every few seconds
 * ({@link #check}, for a store that lost its tail while nothing new is written). Once ahead, the stream hands out
 * nothing more, the state is logged, kept in {@code projection_state} (so a restart does not forget it) and shown on
 * the admin endpoint, and only a successful rebuild of every projection clears it ({@link #recovered}).
 */
@Component
public class ReadSideGuard {

    static final String WATERMARK_ID = "_read_watermark";
    static final String ALARM_ID = "_store_behind";

    private static final Logger log = LoggerFactory.getLogger(ReadSideGuard.class);

    private final EventStorageEngine engine;
    private final LiveProcessor live;
    /** The watermark is written here: losing it in a crash only makes a later check look less far back. */
    private final MongoCollection<Document> state;
    /** The alarm and the recovery are written here: a restart must not forget them. */
    private final MongoCollection<Document> durableState;
    private final OnStoreBehind onStoreBehind;
    private final Clock clock;
    private final List<Runnable> aheadListeners = new CopyOnWriteArrayList<>();

    // All guarded by this.
    private StoreWatermark watermark;
    private Alarm alarm;
    private Object openStream;
    private Instant since;
    private Instant checkedAt;
    private Long storeHead;
    private ReadSideStatus.Incident lastIncident;

    /** Why the read side is ahead, as stored and shown. */
    private record Alarm(String code, String message, Long readPosition, long storeHead, Instant detectedAt) {
    }

    ReadSideGuard(EventStorageEngine engine, LiveProcessor live, ReadSideWrites writes,
                  ProjectionSettings settings) {
        if (!(engine instanceof GapFreeMongoEventStorageEngine)) {
            throw new IllegalStateException("the read-side guard needs the gap-free MongoDB event store, got "
                                                    + engine.getClass().getName());
        }
        this.engine = engine;
        this.live = live;
        this.state = writes.database().getCollection(ProjectionRegistry.STATE_COLLECTION);
        this.durableState = writes.durable().getCollection(ProjectionRegistry.STATE_COLLECTION);
        this.onStoreBehind = settings.onStoreBehind();
        this.clock = Clock.systemUTC();
        this.watermark = storedWatermark().orElse(null);
        this.alarm = storedAlarm().orElse(null);
        this.since = alarm != null ? alarm.detectedAt() : clock.instant();
        if (alarm != null) {
            log.error("读侧超前于事件库（{}，{} 起，上次运行时发现），{} / The read side was found ahead of the event store "
                              + "before this start ({}); {}", alarm.code(), alarm.detectedAt(), nextStep(),
                      alarm.code(), nextStepEnglish());
        }
    }

    /** Called with no arguments, on some thread, whenever the read side is found ahead of the store. */
    void onAhead(Runnable listener) {
        aheadListeners.add(listener);
    }

    public synchronized boolean isAhead() {
        return alarm != null;
    }

    public synchronized ReadSideStatus status() {
        if (alarm == null) {
            return new ReadSideStatus(State.IN_STEP, null, "读侧与事件库一致", watermark == null ? null : watermark.position(),
                                      storeHead, since, checkedAt, onStoreBehind, lastIncident);
        }
        return new ReadSideStatus(State.AHEAD_OF_STORE, alarm.code(), alarm.message() + "；" + nextStep(),
                                  alarm.readPosition(), storeHead, alarm.detectedAt(), checkedAt, onStoreBehind,
                                  lastIncident);
    }

    // ------------------------------------------------------------------------------------------------ the live stream

    /** A live stream opened: only it may hand out events from now on. Checks the read side against the store first. */
    synchronized void streamOpened(Object stream) {
        openStream = stream;
        check();
    }

    /** Whether {@code stream} is the open one; a stream that is not has been replaced or closed and stops reading. */
    synchronized boolean isOpen(Object stream) {
        return openStream == stream;
    }

    synchronized void streamClosed(Object stream) {
        if (openStream == stream) {
            openStream = null;
        }
    }

    /**
     * Whether {@code stream} may hand out {@code batch}, just read from the store: only the open stream, only while the
     * read side is in step, and only if the store still holds the watermark's event. Moves the watermark to the
     * batch's last event first (stored before anything of the batch can be applied).
     */
    synchronized boolean admit(Object stream, List<? extends TrackedEventMessage<?>> batch) {
        if (stream != openStream || alarm != null) {
            return false;
        }
        if (!stillStored(watermark)) {
            return false;
        }
        TrackedEventMessage<?> last = batch.get(batch.size() - 1);
        long position = last.trackingToken().position().orElseThrow();
        if (watermark == null || position > watermark.position()) {
            StoreWatermark next = new StoreWatermark(position, last.getIdentifier());
            advanceStoredWatermark(next);
            watermark = next;
        }
        return true;
    }

    // ------------------------------------------------------------------------------------------------ checks

    /**
     * Compares the read side with the store: the watermark in memory and the stored one must still be in the store,
     * and no stored token may stand beyond its head.
     */
    public synchronized void check() {
        checkedAt = clock.instant();
        storeHead = headPosition();
        if (alarm != null) {
            return;
        }
        if (!stillStored(watermark) || !stillStored(storedWatermark().orElse(null))) {
            return;
        }
        long head = storeHead;
        for (long token : live.storedPositions()) {
            if (token > head) {
                raise("TOKEN_BEYOND_HEAD", "实时处理的位置 " + token + " 超出了事件库末尾 " + head, token, head);
                return;
            }
        }
    }

    private boolean stillStored(StoreWatermark mark) {
        if (mark == null) {
            return true;
        }
        Optional<String> stored = ((GapFreeMongoEventStorageEngine) engine).eventIdentifierAt(mark.position());
        if (stored.isPresent() && stored.get().equals(mark.eventId())) {
            return true;
        }
        long head = headPosition();
        storeHead = head;
        if (head < mark.position()) {
            raise("STORE_HEAD_BEHIND", "读侧已读到位置 " + mark.position() + "，事件库末尾却只到 " + head
                    + "：事件库丢失了最近的提交", mark.position(), head);
        } else {
            raise("EVENT_REPLACED", "读侧在位置 " + mark.position() + " 读到的事件已不在事件库中，该位置现在是另一个事件"
                    + "（或已空缺）：事件库丢失后又写入了新的事件", mark.position(), head);
        }
        return false;
    }

    private void raise(String code, String message, long readPosition, long head) {
        alarm = new Alarm(code, message, readPosition, head, clock.instant());
        since = alarm.detectedAt();
        log.error("读侧超前于事件库（{}）：{}。原因可能是事件库崩溃丢失了最后的提交、从较早的备份恢复或 MongoDB 回滚。{} / "
                          + "The read side is ahead of the event store ({}): it has read up to position {} but the store "
                          + "{} (lost commits: a crash, a restore from an older backup or a MongoDB rollback). {}",
                  code, message, nextStep(), code, readPosition,
                  head < readPosition ? "ends at " + head : "now holds another event there", nextStepEnglish());
        try {
            durableState.replaceOne(eq("_id", ALARM_ID),
                             new Document("_id", ALARM_ID).append("code", code).append("message", message)
                                                          .append("readPosition", readPosition)
                                                          .append("storeHead", head)
                                                          .append("detectedAt", Date.from(alarm.detectedAt())),
                             new ReplaceOptions().upsert(true));
        } catch (RuntimeException e) {
            log.warn("Could not record in {} that the read side is ahead of the store: {}",
                     ProjectionRegistry.STATE_COLLECTION, e.toString());
        }
        aheadListeners.forEach(Runnable::run);
    }

    private String nextStep() {
        return onStoreBehind == OnStoreBehind.REBUILD ? "正在从事件库重建全部投影，完成后实时处理从重建结束处继续"
                : "已停止实时处理，等待管理员重建全部投影（POST /api/admin/projections/rebuild）";
    }

    private String nextStepEnglish() {
        return onStoreBehind == OnStoreBehind.REBUILD
                ? "Rebuilding every projection from the store; live processing resumes where the rebuild ends."
                : "Live processing stopped until an administrator rebuilds every projection.";
    }

    // ------------------------------------------------------------------------------------------------ rebuilds

    /**
     * Throws unless the store still holds {@code end}, the last event a rebuild folded (null: none): a rebuild calls
     * it before it switches, so that it never installs events the store lost while it ran.
     */
    void requireStored(StoreWatermark end) {
        if (end != null && !((GapFreeMongoEventStorageEngine) engine).eventIdentifierAt(end.position())
                                                                    .map(end.eventId()::equals).orElse(false)) {
            throw new StoreChangedDuringRebuildException();
        }
    }

    /**
     * Every projection has been rebuilt up to {@code end} (null: the store is empty) and the processor's tokens stand
     * no later than that: the read side is in step again. The watermark is set to {@code end}, backwards if need be.
     * Only with the live processor stopped.
     */
    synchronized void recovered(StoreWatermark end) {
        Alarm healed = alarm;
        if (end == null) {
            durableState.deleteOne(eq("_id", WATERMARK_ID));
        } else {
            durableState.replaceOne(eq("_id", WATERMARK_ID), watermarkDocument(end), new ReplaceOptions().upsert(true));
        }
        watermark = end;
        durableState.deleteOne(eq("_id", ALARM_ID));
        alarm = null;
        if (healed != null) {
            since = clock.instant();
            lastIncident = new ReadSideStatus.Incident(healed.code(), healed.message(), healed.readPosition(),
                                                       healed.storeHead(), healed.detectedAt(), since);
            log.info("读侧已与事件库重新一致，重建到位置 {} / The read side is in step with the event store again, rebuilt up to "
                             + "position {}", end == null ? 0 : end.position(), end == null ? 0 : end.position());
        }
    }

    /**
     * Takes the read side's state from the database, after another instance's rebuild: its recovery cleared the
     * alarm and set the watermark back, or another instance found the read side ahead. Only while this instance's
     * stream hands out nothing new that the watermark in memory would have to cover (its processor stopped, or its
     * segments held by the rebuild that just ended).
     */
    synchronized void resync() {
        Alarm stored = storedAlarm().orElse(null);
        if (alarm != null && stored == null) {
            Alarm healed = alarm;
            alarm = null;
            since = clock.instant();
            lastIncident = new ReadSideStatus.Incident(healed.code(), healed.message(), healed.readPosition(),
                                                       healed.storeHead(), healed.detectedAt(), since);
            log.info("读侧已由另一实例的重建恢复一致 / The read side is in step again, rebuilt by another instance");
        } else if (alarm == null && stored != null) {
            alarm = stored;
            since = stored.detectedAt();
        }
        watermark = storedWatermark().orElse(null);
    }

    // ------------------------------------------------------------------------------------------------ storage

    /** Moves the stored watermark forward only: of two writers, the one further ahead wins. */
    private void advanceStoredWatermark(StoreWatermark next) {
        try {
            state.updateOne(and(eq("_id", WATERMARK_ID), lt("position", next.position())),
                            Updates.combine(Updates.set("position", next.position()),
                                            Updates.set("eventId", next.eventId()),
                                            Updates.set("at", Date.from(clock.instant()))),
                            new UpdateOptions().upsert(true));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e; // duplicate key: the stored watermark is already further
            }
        }
    }

    private Document watermarkDocument(StoreWatermark mark) {
        return new Document("_id", WATERMARK_ID).append("position", mark.position())
                                                .append("eventId", mark.eventId())
                                                .append("at", Date.from(clock.instant()));
    }

    private Optional<StoreWatermark> storedWatermark() {
        Document stored = state.find(eq("_id", WATERMARK_ID)).first();
        if (stored == null || stored.get("position") == null || stored.getString("eventId") == null) {
            return Optional.empty();
        }
        return Optional.of(new StoreWatermark(stored.get("position", Number.class).longValue(),
                                              stored.getString("eventId")));
    }

    private Optional<Alarm> storedAlarm() {
        Document stored = state.find(eq("_id", ALARM_ID)).first();
        if (stored == null) {
            return Optional.empty();
        }
        Number readPosition = stored.get("readPosition", Number.class);
        Number head = stored.get("storeHead", Number.class);
        Date detectedAt = stored.getDate("detectedAt");
        return Optional.of(new Alarm(stored.getString("code"), stored.getString("message"),
                                     readPosition == null ? null : readPosition.longValue(),
                                     head == null ? 0 : head.longValue(),
                                     detectedAt == null ? Instant.EPOCH : detectedAt.toInstant()));
    }

    private long headPosition() {
        TrackingToken head = engine.createHeadToken();
        return head == null ? 0 : head.position().orElse(0);
    }
}
