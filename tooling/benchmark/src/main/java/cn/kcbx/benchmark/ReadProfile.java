package cn.kcbx.benchmark;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stack samples of one thread (the benchmark thread reading a report in-process) and of every other busy thread of
 * the JVM (the embedded store's request threads among them), every {@code intervalMillis}. Each sample of the reading
 * thread is named by what its innermost frame is doing (waiting for the store, decoding BSON, decrypting, ...) and the
 * innermost project frame it does it for; a busy other thread by its kind and the innermost store (mongo-java-server,
 * H2) or project frame. Good enough to say where a read's time goes; not a substitute for a real profiler.
 */
final class ReadProfile implements AutoCloseable {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final long readerId;
    private final int intervalMillis;
    private final Map<String, Integer> readerSamples = new HashMap<>();
    private final Map<String, Integer> otherSamples = new HashMap<>();
    private int readerTotal;
    private int ticks;
    private volatile boolean running = true;
    private final Thread sampler;

    /** @param reader the thread whose every sample counts; null for the busy threads only */
    ReadProfile(Thread reader, int intervalMillis) {
        this.readerId = reader == null ? -1 : reader.getId();
        this.intervalMillis = intervalMillis;
        this.sampler = new Thread(this::loop, "bench-read-profile");
        this.sampler.setDaemon(true);
        this.sampler.start();
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
        long self = Thread.currentThread().getId();
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds(), 64)) {
            if (info == null || info.getThreadId() == self || info.getStackTrace().length == 0) {
                continue;
            }
            StackTraceElement[] stack = info.getStackTrace();
            if (info.getThreadId() == readerId) {
                readerSamples.merge(activity(stack) + " in " + innermostProjectFrame(stack), 1, Integer::sum);
                readerTotal++;
            } else if (info.getThreadState() == Thread.State.RUNNABLE && !idle(stack)) {
                otherSamples.merge(threadKind(info.getThreadName()) + ": " + busyIn(stack), 1, Integer::sum);
            } else if (waitsForStore(info, stack)) {
                otherSamples.merge(threadKind(info.getThreadName()) + ": waiting for the store's reply in "
                                           + innermostProjectFrame(stack), 1, Integer::sum);
            }
        }
    }

    /** What the innermost frames are doing. */
    static String activity(StackTraceElement[] stack) {
        String top = stack[0].getClassName();
        if (isBlockedIo(top + "." + stack[0].getMethodName())) {
            return "waiting for the store's reply";
        }
        for (StackTraceElement frame : stack) {
            String c = frame.getClassName();
            if (c.startsWith("java.") || c.startsWith("jdk.") || c.startsWith("sun.nio")) {
                continue;
            }
            if (c.startsWith("javax.crypto") || c.startsWith("com.sun.crypto")) {
                return "AES (javax.crypto)";
            }
            if (c.startsWith("org.bson")) {
                return "BSON decoding";
            }
            if (c.startsWith("com.mongodb")) {
                return "MongoDB driver";
            }
            if (c.startsWith("com.fasterxml.jackson")) {
                return "Jackson";
            }
            if (c.startsWith("cn.kcbx")) {
                return "project code";
            }
            return c.substring(0, Math.min(c.length(), 40));
        }
        return "JDK (" + top + "." + stack[0].getMethodName() + ")";
    }

    private static String innermostProjectFrame(StackTraceElement[] stack) {
        for (StackTraceElement frame : stack) {
            String c = frame.getClassName();
            if (c.startsWith("cn.kcbx") && !c.contains("$$") && !c.startsWith("cn.kcbx.benchmark")) {
                return c.substring(c.lastIndexOf('.') + 1) + "." + frame.getMethodName();
            }
        }
        return "(no project frame)";
    }

    /** The store's innermost frame (mongo-java-server, H2) if in the store, else what it does for which project frame. */
    private static String busyIn(StackTraceElement[] stack) {
        for (StackTraceElement frame : stack) {
            String c = frame.getClassName();
            if (c.startsWith("de.bwaldvogel") || c.startsWith("org.h2")) {
                return c.substring(c.lastIndexOf('.') + 1) + "." + frame.getMethodName();
            }
        }
        return activity(stack) + " in " + innermostProjectFrame(stack);
    }

    /** A project thread blocked on the store's socket (not an idle pool thread). */
    private static boolean waitsForStore(ThreadInfo info, StackTraceElement[] stack) {
        if (!isBlockedIo(stack[0].getClassName() + "." + stack[0].getMethodName())) {
            return false;
        }
        for (StackTraceElement frame : stack) {
            if (frame.getClassName().startsWith("cn.kcbx") && !frame.getClassName().startsWith("cn.kcbx.benchmark")) {
                return true;
            }
        }
        return false;
    }

    private static boolean idle(StackTraceElement[] stack) {
        String top = stack[0].getClassName() + "." + stack[0].getMethodName();
        return isBlockedIo(top) || top.contains("epoll") || top.contains("EPoll") || top.contains("Unsafe.park")
                || top.contains("Object.wait") || top.contains("Thread.sleep") || top.contains("accept")
                || top.contains("select") || top.startsWith("java.lang.ref.Reference")
                || top.startsWith("sun.management") || top.contains("getThreadInfo");
    }

    private static boolean isBlockedIo(String top) {
        return top.startsWith("sun.nio.ch.") || top.startsWith("java.net.") || top.contains("socketRead")
                || top.contains("SocketDispatcher") || top.contains("Net.poll");
    }

    private static String threadKind(String name) {
        if (name.contains("MVStore")) {
            return "H2 background writer";
        }
        if (name.contains("mongo-server") || name.contains("server-worker") || name.startsWith("nioEventLoop")) {
            return "embedded store request thread";
        }
        if (name.startsWith("http-nio")) {
            return "Tomcat request thread";
        }
        if (name.contains("case-projections")) {
            return "projection processor " + name.replaceAll("[0-9]+", "#");
        }
        if (name.startsWith("C1 ") || name.startsWith("C2 ") || name.contains("GC") || name.contains("G1")) {
            return "JVM";
        }
        return name.replaceAll("[0-9]+", "#");
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
        try {
            sampler.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The reading thread's samples by activity, as shares of all its samples, largest first. */
    synchronized Map<String, Double> reader() {
        return shares(readerSamples, readerTotal);
    }

    /** Other threads: busy samples per kind and place, as the average number of such busy threads (cores' worth). */
    synchronized Map<String, Double> others() {
        return shares(otherSamples, ticks);
    }

    synchronized int readerSampleCount() {
        return readerTotal;
    }

    private static Map<String, Double> shares(Map<String, Integer> samples, int total) {
        Map<String, Double> result = new LinkedHashMap<>();
        samples.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
               .forEach(e -> result.put(e.getKey(), total == 0 ? 0 : e.getValue() / (double) total));
        return result;
    }
}
