package cn.kcbx.benchmark;

import com.mongodb.event.CommandFailedEvent;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import com.mongodb.event.CommandSucceededEvent;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonValue;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the database round trips of the whole process by kind ("find events {requestId}", "insert events", ...)
 * with their server time and duplicate-key write errors, while recording is on. Registered on Spring's MongoClient,
 * so it sees exactly what the case service sends; it changes nothing.
 */
final class MongoCallStats implements CommandListener {

    private static final Set<String> IGNORED = Set.of("hello", "isMaster", "ismaster", "ping", "endSessions",
                                                      "buildInfo", "getLastError", "saslStart", "saslContinue");

    record Totals(long calls, long nanos, long duplicateKeyErrors) {
    }

    private static final class Counter {
        final LongAdder calls = new LongAdder();
        final LongAdder nanos = new LongAdder();
        final LongAdder duplicateKeys = new LongAdder();
    }

    /** With {@code -Dbench.callers=true}: which project code sent each kind of call (costs a stack walk per call). */
    private static final boolean CALLERS = Boolean.getBoolean("bench.callers");
    private static final StackWalker WALKER = StackWalker.getInstance();

    private final Map<Integer, String> pending = new ConcurrentHashMap<>();
    private final Map<String, Map<String, LongAdder>> callers = new ConcurrentHashMap<>();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private volatile boolean recording;

    void start() {
        counters.clear();
        callers.clear();
        recording = true;
    }

    void stop() {
        recording = false;
    }

    /** The totals by call kind since {@link #start()}. */
    Map<String, Totals> totals() {
        Map<String, Totals> result = new TreeMap<>();
        counters.forEach((key, c) -> result.put(key, new Totals(c.calls.sum(), c.nanos.sum(), c.duplicateKeys.sum())));
        return result;
    }

    @Override
    public void commandStarted(CommandStartedEvent event) {
        if (!recording || IGNORED.contains(event.getCommandName())) {
            return;
        }
        String key = describe(event.getCommandName(), event.getCommand());
        pending.put(event.getRequestId(), key);
        if (CALLERS) {
            callers.computeIfAbsent(key, k -> new ConcurrentHashMap<>())
                   .computeIfAbsent(projectCaller(), k -> new LongAdder()).increment();
        }
    }

    /** The innermost three project frames of the calling thread (the sync driver calls listeners on it). */
    private static String projectCaller() {
        return WALKER.walk(frames -> frames.filter(f -> f.getClassName().startsWith("cn.kcbx.")
                                                        && !f.getClassName().startsWith("cn.kcbx.benchmark."))
                                           .limit(3)
                                           .map(f -> f.getClassName().substring(f.getClassName().lastIndexOf('.') + 1)
                                                   + "." + f.getMethodName())
                                           .reduce((inner, outer) -> inner + " < " + outer).orElse("(no project code)"));
    }

    /** Per call kind, how often each caller chain sent it (empty unless {@code -Dbench.callers=true}). */
    Map<String, Map<String, Long>> callers() {
        Map<String, Map<String, Long>> result = new TreeMap<>();
        callers.forEach((key, byCaller) -> {
            Map<String, Long> counts = new TreeMap<>();
            byCaller.forEach((caller, count) -> counts.put(caller, count.sum()));
            result.put(key, counts);
        });
        return result;
    }

    @Override
    public void commandSucceeded(CommandSucceededEvent event) {
        String key = pending.remove(event.getRequestId());
        if (key == null) {
            return;
        }
        Counter counter = counters.computeIfAbsent(key, k -> new Counter());
        counter.calls.increment();
        counter.nanos.add(event.getElapsedTime(TimeUnit.NANOSECONDS));
        BsonDocument response = event.getResponse();
        if (response != null && response.isArray("writeErrors")) {
            for (BsonValue error : response.getArray("writeErrors")) {
                if (error.isDocument() && error.asDocument().getNumber("code").intValue() == 11000) {
                    counter.duplicateKeys.increment();
                }
            }
        }
    }

    @Override
    public void commandFailed(CommandFailedEvent event) {
        String key = pending.remove(event.getRequestId());
        if (key != null) {
            Counter counter = counters.computeIfAbsent(key + " (failed)", k -> new Counter());
            counter.calls.increment();
            counter.nanos.add(event.getElapsedTime(TimeUnit.NANOSECONDS));
        }
    }

    /** e.g. "find events {_id:$in}", "insert events", "update student_case_claims". */
    private static String describe(String commandName, BsonDocument command) {
        BsonValue target = command.get(commandName);
        String collection = target != null && target.isString() ? target.asString().getValue() : "";
        StringBuilder key = new StringBuilder(commandName).append(' ').append(collection);
        if ("find".equals(commandName) || "count".equals(commandName)) {
            BsonDocument filter = command.isDocument("filter") ? command.getDocument("filter")
                    : command.isDocument("query") ? command.getDocument("query") : new BsonDocument();
            key.append(' ').append(shape(filter));
        }
        return key.toString();
    }

    private static String shape(BsonDocument filter) {
        StringBuilder shape = new StringBuilder("{");
        for (Map.Entry<String, BsonValue> entry : filter.entrySet()) {
            if (shape.length() > 1) {
                shape.append(',');
            }
            shape.append(entry.getKey());
            if (entry.getValue().isDocument()) {
                for (Map.Entry<String, BsonValue> operator : entry.getValue().asDocument().entrySet()) {
                    shape.append(':').append(operator.getKey());
                    if (operator.getValue() instanceof BsonArray array) {
                        shape.append('[').append(array.size()).append(']');
                    }
                }
            }
        }
        return shape.append('}').toString();
    }
}
