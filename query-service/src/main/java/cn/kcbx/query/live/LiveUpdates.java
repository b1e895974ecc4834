package cn.kcbx.query.live;

import cn.kcbx.access.signin.SignInService;
import cn.kcbx.access.signin.SignedInUser;
import cn.kcbx.directory.UnitDirectories;
import cn.kcbx.kernel.dropoutcase.transfer.CaseTransferred;
import cn.kcbx.kernel.region.DivisionCode;
import cn.kcbx.query.casefile.CaseFile;
import cn.kcbx.query.casefile.CaseFiles;
import cn.kcbx.query.casefile.ReadScope;
import cn.kcbx.query.casefile.ReadTime;
import cn.kcbx.query.directory.UnitNames;
import cn.kcbx.query.ledger.SanbangLedgerRow;
import cn.kcbx.query.measure.OverduePolicy;
import cn.kcbx.query.measure.Period;
import cn.kcbx.query.measure.RegionMeasures;
import cn.kcbx.query.projection.LiveEventListener;
import cn.kcbx.query.projection.ProjectionEvent;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Pushes ledger and dashboard changes to subscribers of a region (server-sent events). The live processor reports
 * each case it changed; {@code ROW_DELAY} later (which gathers the rest of a burst) the changed cases are read back
 * from the ledger and each subscriber whose region holds one receives the new ledger row ({@code ledger-row}). A
 * subscriber whose scope a transferred case has just left receives {@code case-left} instead, so the sending town's
 * dashboard drops the case at once. Each subscriber that got one of these then receives its region's recomputed
 * measures ({@code measures}), at most once per {@code MEASURES_INTERVAL}: rows are one read per changed case and go
 * out at once, measures fold every case of the region and are rationed. Rebuilds do not push: they write to a
 * collection nobody reads yet.
 *
 * <p>Rows and measures are worked out on this class's own thread, never on the processor's, and computed once
 * however many subscribers get them (a row once per case, measures once per region). Each subscriber then has its own
 * outbox ({@link FanOut}), drained by sender threads: a slow client holds up only itself, neither the projections
 * nor the other subscribers.
 *
 * <p>An account keeps at most {@code kcbx.query.live.max-streams-per-user} streams open: a new one closes the
 * account's oldest, which first receives {@code stream-closed} (with a Chinese message) and a reconnection delay.
 * Closing the oldest rather than refusing the newest means a reloaded page always gets its stream, even while the
 * server has not yet noticed that the page's old stream is gone.
 */
@Component
public class LiveUpdates implements LiveEventListener, SmartLifecycle {

    static final Duration ROW_DELAY = Duration.ofMillis(20);
    static final Duration MEASURES_INTERVAL = Duration.ofMillis(300);
    static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(20);
    static final Duration SUBSCRIPTION_TIMEOUT = Duration.ofMinutes(30);

    private static final Logger log = LoggerFactory.getLogger(LiveUpdates.class);

    /** How soon a stream ends after its sign-in did (sign-out, disabled account, idle or expired session). */
    static final Duration SESSION_CHECK_INTERVAL = Duration.ofSeconds(2);

    /** How long a stream closed for a newer one of the same account waits before the browser reconnects. */
    static final Duration RECONNECT_AFTER_REPLACED = Duration.ofMinutes(1);

    /**
     * A subscriber, who it is signed in as, what it may see (a region, or a school's students, optionally in a region),
     * and its outbox.
     */
    private static final class Subscription {

        private final ReadScope scope;
        private final SignedInUser user;
        private final String account;
        private final SseEmitter emitter;
        private FanOut.Outbox outbox;

        private Subscription(ReadScope scope, SignedInUser user, SseEmitter emitter) {
            this.scope = scope;
            this.user = user;
            this.account = user.actor().userId();
            this.emitter = emitter;
        }

        ReadScope scope() {
            return scope;
        }

        /** Region figures go to region subscribers only: a school sees rows of its students, no region figures. */
        boolean wantsMeasures() {
            return scope.schoolCode() == null;
        }
    }

    private final CaseFiles caseFiles;
    private final OverduePolicy overduePolicy;
    private final Clock clock;
    private final SignInService signIn;
    private final UnitDirectories directories;
    private final Set<String> changedCases = ConcurrentHashMap.newKeySet();
    /** Where each recently transferred case was before, until the next round has told the subscribers there. */
    private final Map<String, List<CaseTransferred>> departures = new ConcurrentHashMap<>();
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    /** Each account's open streams, oldest first; guarded by itself. */
    private final Map<String, Deque<Subscription>> streamsByAccount = new HashMap<>();
    private final LiveStreamProperties properties;
    private final FanOut fanOut;
    private final AtomicBoolean rowsScheduled = new AtomicBoolean();
    /** The sender thread's only: subscribers owed their measures, and when measures were last sent. */
    private final Set<Subscription> measuresDue = new LinkedHashSet<>();
    private boolean measuresScheduled;
    private long lastMeasuresNanos = System.nanoTime() - MEASURES_INTERVAL.toNanos();
    private final ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "live-updates");
        thread.setDaemon(true);
        return thread;
    });

    LiveUpdates(CaseFiles caseFiles, OverduePolicy overduePolicy, Clock clock, LiveStreamProperties properties,
                SignInService signIn, UnitDirectories directories) {
        this.caseFiles = caseFiles;
        this.directories = directories;
        this.overduePolicy = overduePolicy;
        this.clock = clock;
        this.signIn = signIn;
        this.properties = properties;
        this.fanOut = new FanOut(properties.senderThreads(), properties.outboxCapacity());
        sender.scheduleWithFixedDelay(this::heartbeat, HEARTBEAT_INTERVAL.toMillis(), HEARTBEAT_INTERVAL.toMillis(),
                                      TimeUnit.MILLISECONDS);
        sender.scheduleWithFixedDelay(this::endStreamsOfEndedSignInsSafely, SESSION_CHECK_INTERVAL.toMillis(),
                                      SESSION_CHECK_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void appliedElsewhere(ProjectionEvent event) {
        applied(event); // another instance's segment: its clients here must see the change too
    }

    @Override
    public void applied(ProjectionEvent event) {
        if (!subscriptions.isEmpty()) {
            if (event.payload() instanceof CaseTransferred transferred) {
                departures.computeIfAbsent(event.caseId(), id -> new CopyOnWriteArrayList<>()).add(transferred);
            }
            changedCases.add(event.caseId());
            if (rowsScheduled.compareAndSet(false, true)) {
                try {
                    sender.schedule(this::flushSafely, ROW_DELAY.toMillis(), TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException e) {
                    // stopping
                }
            }
        }
    }

    /**
     * A stream for the signed-in user, for as long as the sign-in stands; if the account already has as many as
     * allowed, its oldest one is closed.
     */
    SseEmitter subscribe(ReadScope scope, SignedInUser user) {
        SseEmitter emitter = new SseEmitter(SUBSCRIPTION_TIMEOUT.toMillis());
        Subscription subscription = new Subscription(scope, user, emitter);
        String account = subscription.account;
        subscription.outbox = fanOut.open(sinkOf(emitter), () -> forget(subscription));
        List<Subscription> replaced = new ArrayList<>();
        synchronized (streamsByAccount) {
            Deque<Subscription> open = streamsByAccount.computeIfAbsent(account, key -> new ArrayDeque<>());
            while (open.size() >= properties.maxStreamsPerUser()) {
                replaced.add(open.pollFirst());
            }
            open.addLast(subscription);
        }
        StreamClosed closed = StreamClosed.replaced(properties.maxStreamsPerUser());
        for (Subscription old : replaced) {
            subscriptions.remove(old); // no more updates; it still gets what was queued, then the notice
            old.outbox.offerLast(new FanOut.LiveEvent("stream-closed", closed));
        }
        emitter.onCompletion(() -> subscription.outbox.close("CLOSED"));
        emitter.onTimeout(() -> subscription.outbox.close("CLOSED"));
        emitter.onError(error -> subscription.outbox.close("CLOSED"));
        subscriptions.add(subscription);
        sender.execute(() -> {
            if (subscription.wantsMeasures()) {
                send(subscription, "measures", measuresOf(subscription.scope().region()));
            } else {
                send(subscription, "subscribed", new Subscribed(scope.regionCode(), scope.schoolCode()));
            }
        });
        return emitter;
    }

    int subscriberCount() {
        return subscriptions.size();
    }

    /** Once a stream is over (closed, failed, timed out, replaced): no more updates, and it no longer counts. */
    private void forget(Subscription subscription) {
        subscriptions.remove(subscription);
        synchronized (streamsByAccount) {
            Deque<Subscription> open = streamsByAccount.get(subscription.account);
            if (open != null && open.remove(subscription) && open.isEmpty()) {
                streamsByAccount.remove(subscription.account);
            }
        }
    }

    private void flushSafely() {
        rowsScheduled.set(false); // changes from now on schedule another round
        try {
            flush();
        } catch (RuntimeException e) {
            log.warn("Live update round failed; changes will be pushed with the next one ({})", e.toString());
        }
    }

    private void flush() {
        if (changedCases.isEmpty()) {
            return;
        }
        // Nothing goes to a stream whose sign-in has ended, however recently (if the check fails, the changes stay
        // for the next round).
        endStreamsOfEndedSignIns();
        List<String> caseIds = new ArrayList<>(changedCases);
        caseIds.forEach(changedCases::remove);
        ReadTime now = ReadTime.now(clock);
        // The ledger's own rows, names included; the directories are read once per round.
        UnitNames names = UnitNames.current(directories, now.day());
        Set<Subscription> touched = new LinkedHashSet<>();
        for (String caseId : caseIds) {
            Optional<CaseFile> file = caseFiles.current(caseId);
            List<CaseTransferred> left = departures.remove(caseId);
            if (left != null && file.isPresent()) {
                tellSendersTheCaseLeft(file.get(), left, touched, names);
            }
            if (file.isEmpty() || file.get().villageCode() == null) {
                continue;
            }
            SanbangLedgerRow row = null;
            for (Subscription subscription : subscriptions) {
                if (subscription.scope().covers(file.get())) {
                    if (row == null) {
                        row = SanbangLedgerRow.of(file.get(), now.day(), overduePolicy.rulesFor(file.get()), names);
                    }
                    if (send(subscription, "ledger-row", row)) {
                        touched.add(subscription);
                    }
                }
            }
        }
        touched.stream().filter(Subscription::wantsMeasures).forEach(measuresDue::add);
        scheduleMeasures();
    }

    /** Measures for the subscribers owed them, no sooner than {@code MEASURES_INTERVAL} after the last ones. */
    private void scheduleMeasures() {
        if (measuresDue.isEmpty() || measuresScheduled) {
            return;
        }
        long wait = Math.max(0, lastMeasuresNanos + MEASURES_INTERVAL.toNanos() - System.nanoTime());
        measuresScheduled = true;
        sender.schedule(this::sendDueMeasures, wait, TimeUnit.NANOSECONDS);
    }

    /** Each region's measures are computed once, however many of its subscribers are owed them. */
    private void sendDueMeasures() {
        measuresScheduled = false;
        lastMeasuresNanos = System.nanoTime();
        try {
            endStreamsOfEndedSignIns();
        } catch (RuntimeException e) {
            log.warn("Live measures held back: sign-ins could not be checked ({})", e.toString());
            measuresDue.clear();
            return;
        }
        List<Subscription> due = new ArrayList<>(measuresDue);
        measuresDue.clear();
        Map<DivisionCode, LiveMeasures> byRegion = new HashMap<>();
        for (Subscription subscription : due) {
            try {
                if (subscriptions.contains(subscription)) {
                    send(subscription, "measures",
                         byRegion.computeIfAbsent(subscription.scope().region(), this::measuresOf));
                }
            } catch (RuntimeException e) {
                log.warn("Live measures failed; they are sent with the next change ({})", e.toString());
            }
        }
    }

    private void tellSendersTheCaseLeft(CaseFile file, List<CaseTransferred> transfers, Set<Subscription> touched,
                                        UnitNames names) {
        for (Subscription subscription : subscriptions) {
            if (subscription.scope().covers(file)) {
                continue;
            }
            Optional<CaseTransferred> lastFromHere =
                    transfers.stream()
                             .filter(t -> subscription.scope().coveredBefore(t.fromVillage(), t.fromSchoolCodes()))
                             .reduce((earlier, later) -> later);
            if (lastFromHere.isPresent()
                    && send(subscription, "case-left", CaseLeft.of(file.caseId(), lastFromHere.get(), names))) {
                touched.add(subscription);
            }
        }
    }

    private LiveMeasures measuresOf(DivisionCode region) {
        ReadTime now = ReadTime.now(clock);
        List<CaseFile> files = caseFiles.forFigures(region, now);
        RegionMeasures measures = RegionMeasures.of(files, now.day(), Period.monthTo(now.day()),
                                                    overduePolicy::rulesFor);
        return new LiveMeasures(region.value(), UnitNames.current(directories, now.day()).name(region.value()),
                                now.instant(), measures);
    }

    /**
     * A case left the subscriber's scope by a transfer: the subscriber drops its row. Only the receiving town is
     * named (as in the transfer list's outgoing side), with its name in the unit directory (or null); the case's
     * further course is the receiving side's.
     */
    record CaseLeft(String caseId, LocalDate transferredOn, String toTownCode, String toTownName) {

        static CaseLeft of(String caseId, CaseTransferred transfer, UnitNames names) {
            String town = transfer.toHousehold().village().town().map(DivisionCode::value).orElse(null);
            return new CaseLeft(caseId, transfer.transferredOn(), town, names.name(town, transfer.transferredOn()));
        }
    }

    /** The first event of a school's stream: what it subscribed to (a school gets no region figures). */
    record Subscribed(String region, String school) {
    }

    /**
     * The region's measures at {@code asOf}, as the town dashboard and county report show them, and the region's name
     * in the unit directory (or null).
     */
    record LiveMeasures(String region, String regionName, Instant asOf, RegionMeasures measures) {
    }

    /** The last event of a stream the server closes, and why. */
    record StreamClosed(String code, String message) {

        static StreamClosed replaced(int maxStreams) {
            return new StreamClosed("TOO_MANY_LIVE_STREAMS",
                                    "同一账号最多同时打开 " + maxStreams + " 个实时推送连接。您在其他页面或设备上新打开了一个，"
                                            + "本页面的实时推送已关闭；如需在本页面继续接收，请先关闭不用的页面，再刷新本页面。");
        }
    }

    private void endStreamsOfEndedSignInsSafely() {
        try {
            endStreamsOfEndedSignIns();
        } catch (RuntimeException e) {
            log.warn("Live streams' sign-ins could not be checked; checking again shortly ({})", e.toString());
        }
    }

    /**
     * A stream lives only as long as the sign-in that opened it: at sign-out, when an administrator disables the
     * account, resets its password or changes its role or unit, and when the session expires or goes idle, the
     * stream gets {@code session-ended} as its last event. One store query covers every stream. Runs on the sender
     * thread only.
     */
    private void endStreamsOfEndedSignIns() {
        if (subscriptions.isEmpty()) {
            return;
        }
        List<Subscription> current = new ArrayList<>(subscriptions);
        Set<SignedInUser> still = signIn.stillSignedIn(current.stream().map(subscription -> subscription.user).toList());
        for (Subscription subscription : current) {
            if (!still.contains(subscription.user)) {
                subscriptions.remove(subscription);
                measuresDue.remove(subscription);
                subscription.outbox.offerLast(new FanOut.LiveEvent("session-ended", new SessionEnded(
                        "SESSION_ENDED", "登录已失效（已退出、已超时或账号已变更），实时推送已停止，请重新登录")));
            }
        }
    }

    /** The last event of a stream whose sign-in ended. */
    record SessionEnded(String code, String message) {
    }

    /** Also how a stream whose client has gone is noticed: the send fails and the outbox closes. */
    private void heartbeat() {
        for (Subscription subscription : subscriptions) {
            subscription.outbox.offer(FanOut.LiveEvent.KEEP_ALIVE);
        }
    }

    /** Queues the event for the subscriber; false if its stream is over. */
    private boolean send(Subscription subscription, String name, Object data) {
        return subscription.outbox.offer(new FanOut.LiveEvent(name, data));
    }

    private static FanOut.Sink sinkOf(SseEmitter emitter) {
        return new FanOut.Sink() {
            @Override
            public void send(FanOut.LiveEvent event) throws IOException {
                if (event.name() == null) {
                    emitter.send(SseEmitter.event().comment("keep-alive"));
                    return;
                }
                SseEmitter.SseEventBuilder sse = SseEmitter.event().name(event.name())
                                                           .data(event.data(), MediaType.APPLICATION_JSON);
                if (event.last()) {
                    sse.reconnectTime(RECONNECT_AFTER_REPLACED.toMillis());
                }
                emitter.send(sse);
            }

            @Override
            public void end() {
                emitter.complete();
            }
        };
    }

    private volatile boolean running;

    @Override
    public void start() {
        running = true;
    }

    /**
     * Ends every stream before the web server shuts down: an open event stream is a request in progress, and a
     * graceful shutdown would wait for it until its timeout.
     */
    @Override
    public void stop() {
        running = false;
        sender.shutdownNow();
        List<Subscription> open = new ArrayList<>(subscriptions);
        open.forEach(subscription -> subscription.outbox.close("CLOSED"));
        open.forEach(subscription -> {
            try {
                subscription.emitter.complete();
            } catch (RuntimeException alreadyOver) {
                // ended meanwhile
            }
        });
        fanOut.shutdown();
        subscriptions.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stopped first, before the web server's graceful shutdown phase. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }
}
