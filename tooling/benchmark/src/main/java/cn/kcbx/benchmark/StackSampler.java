package cn.kcbx.benchmark;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A poor man's profiler: every {@code intervalMillis} it takes the stacks of the client (benchmark worker) threads and
 * of every other thread in the JVM (which includes the embedded server's), and classifies them. Client threads: what
 * they wait for or compute, by the outermost case-service/event-store frame. Other threads: busy or idle, and where
 * busy. Cheap enough at 50 Hz to run during a measurement (a few percent of one core).
 */
final class StackSampler implements AutoCloseable {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final long[] workerIds;
    private final Set<Long> excluded;
    private final int intervalMillis;
    private final Map<String, Integer> workerSamples = new HashMap<>();
    private final Map<String, Integer> otherBusySamples = new HashMap<>();
    private int ticks;
    private int workerTotal;
    private volatile boolean running = true;
    private final Thread thread;

    StackSampler(Collection<Thread> workers, int intervalMillis) {
        this.workerIds = workers.stream().mapToLong(Thread::getId).toArray();
        this.excluded = workers.stream().map(Thread::getId).collect(Collectors.toSet());
        this.intervalMillis = intervalMillis;
        this.thread = new Thread(this::loop, "bench-stack-sampler");
        this.thread.setDaemon(true);
        this.excluded.add(Thread.currentThread().getId());
        this.thread.start();
        this.excluded.add(thread.getId());
    }

    private void loop() {
        while (running) {
            sample();
            try {
                Thread.sleep(intervalMillis);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private synchronized void sample() {
        ticks++;
        for (ThreadInfo info : THREADS.getThreadInfo(workerIds, 256)) {
            if (info != null && info.getStackTrace().length > 0) {
                workerSamples.merge(classifyWorker(info.getStackTrace()), 1, Integer::sum);
                workerTotal++;
            }
        }
        long[] all = THREADS.getAllThreadIds();
        for (ThreadInfo info : THREADS.getThreadInfo(all, 48)) {
            if (info == null || excluded.contains(info.getThreadId())
                    || info.getThreadState() != Thread.State.RUNNABLE || info.getStackTrace().length == 0) {
                continue;
            }
            String busy = classifyOther(info.getStackTrace());
            if (busy != null) {
                otherBusySamples.merge(threadKind(info.getThreadName()) + ": " + busy, 1, Integer::sum);
            }
        }
    }

    static String classifyWorker(StackTraceElement[] stack) {
        String owner = outermostProjectFrame(stack);
        String top = stack[0].getClassName() + "." + stack[0].getMethodName();
        boolean parked = isParked(top);
        for (StackTraceElement frame : stack) {
            if (parked && frame.getMethodName().equals("takeTurn")) {
                return "wait  event-store append turn (localTurns lock)";
            }
            if (parked && frame.getMethodName().equals("awaitOutcome")) {
                return "wait  another writer storing this commit (group commit)";
            }
            if (frame.getClassName().contains("DefaultConnectionPool") && frame.getMethodName().equals("get")) {
                return "wait  driver connection pool";
            }
        }
        boolean inDriver = false;
        for (StackTraceElement frame : stack) {
            if (frame.getClassName().startsWith("com.mongodb.internal.connection")) {
                inDriver = true;
                break;
            }
        }
        if (inDriver && isBlockedIo(top)) {
            return "wait  DB reply: " + owner;
        }
        if (parked) {
            return "wait  lock or condition in " + owner;
        }
        return "cpu   " + library(stack) + " in " + owner;
    }

    /** A thread parked on a lock, a condition or a future, or in {@code Object.wait}: waiting, not computing. */
    private static boolean isParked(String top) {
        return top.contains("Unsafe.park") || top.contains("Object.wait") || top.startsWith("java.lang.Thread.sleep");
    }

    private static String classifyOther(StackTraceElement[] stack) {
        String top = stack[0].getClassName() + "." + stack[0].getMethodName();
        if (isBlockedIo(top) || top.contains("epoll") || top.contains("EPoll") || isParked(top) || top.contains("accept")
                || top.contains("select") || top.startsWith("java.lang.ref.Reference")) {
            return null;
        }
        for (StackTraceElement frame : stack) {
            String c = frame.getClassName();
            if (c.startsWith("org.h2.mvstore")) {
                return "H2 MVStore (" + frame.getClassName().replace("org.h2.mvstore.", "") + "." + frame.getMethodName() + ")";
            }
        }
        for (StackTraceElement frame : stack) {
            String c = frame.getClassName();
            if (c.startsWith("de.bwaldvogel")) {
                return "mongo-java-server (" + c.substring(c.lastIndexOf('.') + 1) + "." + frame.getMethodName() + ")";
            }
        }
        for (StackTraceElement frame : stack) {
            if (frame.getClassName().startsWith("io.netty")) {
                return "netty";
            }
        }
        return "other JVM thread (" + stack[0].getClassName() + ")";
    }

    private static String threadKind(String name) {
        if (name.contains("MVStore")) {
            return "H2 background writer";
        }
        if (name.startsWith("H2-serialization")) {
            return "H2 serialization thread";
        }
        if (name.contains("server-worker") || name.contains("mongo-server")) {
            return "server request thread";
        }
        if (name.startsWith("C1 ") || name.startsWith("C2 ") || name.contains("GC") || name.contains("G1")) {
            return "JVM";
        }
        return name.replaceAll("[0-9]+", "#");
    }

    private static boolean isBlockedIo(String top) {
        return top.startsWith("sun.nio.ch.") || top.startsWith("java.net.") || top.contains("socketRead")
                || top.contains("SocketDispatcher") || top.contains("Net.poll");
    }

    private static String outermostProjectFrame(StackTraceElement[] stack) {
        String innermost = null;
        for (StackTraceElement frame : stack) {
            String c = frame.getClassName();
            if ((c.startsWith("cn.kcbx.eventstore") || c.startsWith("cn.kcbx.caseservice"))
                    && !c.contains("$$") && !c.startsWith("cn.kcbx.caseservice.command.CaseCommandService")) {
                return c.substring(c.lastIndexOf('.') + 1) + "." + frame.getMethodName();
            }
            if (innermost == null && c.startsWith("cn.kcbx.caseservice.command.CaseCommandService")) {
                innermost = "CaseCommandService." + frame.getMethodName();
            }
        }
        return innermost != null ? innermost + " (Axon/other)" : "benchmark";
    }

    /** The library of the innermost frame that is not plain JDK code. */
    private static String library(StackTraceElement[] stack) {
        for (StackTraceElement frame : stack) {
            String c = frame.getClassName();
            if (c.startsWith("java.") || c.startsWith("jdk.") || c.startsWith("sun.")) {
                continue;
            }
            for (String[] lib : List.of(new String[] {"com.fasterxml.jackson", "Jackson"},
                                         new String[] {"org.bson", "BSON codec"},
                                         new String[] {"com.mongodb", "Mongo driver"},
                                         new String[] {"org.axonframework", "Axon"},
                                         new String[] {"org.springframework", "Spring"},
                                         new String[] {"cn.kcbx", "project code"})) {
                if (c.startsWith(lib[0])) {
                    return lib[1];
                }
            }
            return "other (" + c.substring(0, Math.min(c.length(), 30)) + ")";
        }
        return "JDK";
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Client-thread categories as shares of all client samples, largest first. */
    synchronized Map<String, Double> workerShares() {
        return shares(workerSamples, workerTotal);
    }

    /** Other threads: average number of busy threads per category (i.e. cores' worth). */
    synchronized Map<String, Double> otherBusyThreads() {
        return shares(otherBusySamples, ticks);
    }

    private static Map<String, Double> shares(Map<String, Integer> samples, int total) {
        Map<String, Double> result = new LinkedHashMap<>();
        samples.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
               .forEach(e -> result.put(e.getKey(), total == 0 ? 0 : e.getValue() / (double) total));
        return result;
    }
}
