package cn.kcbx.faultharness;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One service as a separate operating-system process: started from its exec jar, SIGKILLed, stalled with SIGSTOP and
 * resumed with SIGCONT, restarted, and asked for readiness on {@code /actuator/health}. Its output goes to one log file
 * per service in the run directory (appended across restarts, each start marked).
 */
final class ServiceProcess {

    private final String name;
    private final Path jar;
    private final List<String> jvmOptions;
    private final List<String> arguments;
    private final int port;
    private final Path logFile;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private Process process;
    private int starts;
    private boolean stopped;

    ServiceProcess(String name, Path jar, List<String> jvmOptions, List<String> arguments, int port, Path logFile) {
        this.name = name;
        this.jar = jar;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.arguments = List.copyOf(arguments);
        this.port = port;
        this.logFile = logFile;
    }

    String name() {
        return name;
    }

    int port() {
        return port;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    synchronized boolean alive() {
        return process != null && process.isAlive();
    }

    /** Starts the process (it must not be running). */
    synchronized void start() throws IOException {
        if (alive()) {
            throw new IllegalStateException(name + " is already running");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(arguments);
        starts++;
        java.nio.file.Files.writeString(logFile, "\n===== fault-harness: start #" + starts + " of " + name + " at "
                + java.time.Instant.now() + " =====\n", java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().remove("SPRING_DATA_MONGODB_URI");
        process = builder.start();
        stopped = false;
        // For deploy/fault-harness.sh: should this JVM itself be SIGKILLed, the script still ends the service.
        java.nio.file.Files.writeString(logFile.resolveSibling(name + ".pid"), process.pid() + "\n");
    }

    /** SIGKILL: {@link Process#destroyForcibly()} sends SIGKILL on Linux. Waits until the process is gone. */
    synchronized void kill() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + " (pid " + process.pid() + ") survived SIGKILL for 20 s");
        }
    }

    /** SIGTERM and a wait for an orderly exit (the embedded store writes its file out); SIGKILL after 30 s. */
    synchronized void stop() throws InterruptedException {
        if (process == null || !process.isAlive()) {
            return;
        }
        if (stopped) {
            try {
                resume();
            } catch (IOException e) {
                // SIGTERM below; SIGKILL after the wait if it stays stopped
            }
        }
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(20, TimeUnit.SECONDS);
        }
    }

    /** SIGSTOP: the process stays, holding its connections, but runs no instruction until {@link #resume()}. */
    synchronized void pause() throws IOException, InterruptedException {
        signal("STOP");
        stopped = true;
    }

    /** SIGCONT. */
    synchronized void resume() throws IOException, InterruptedException {
        signal("CONT");
        stopped = false;
    }

    private void signal(String signal) throws IOException, InterruptedException {
        if (process == null || !process.isAlive()) {
            return;
        }
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
        }
    }

    /** Waits until {@code /actuator/health} answers 200 (status UP); fails if the process exits or time runs out. */
    void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!alive()) {
                throw new IllegalStateException(name + " exited during start-up (see " + logFile + ")");
            }
            try {
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health"))
                                                                .timeout(Duration.ofSeconds(2)).GET().build(),
                                                        HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200 && answer.body().contains("\"UP\"")) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(name + " not ready after " + timeout.toSeconds() + " s (see " + logFile + ")");
    }

    /** Last resort for the shutdown hook: SIGKILL without waiting long. */
    void killQuietly() {
        Process p;
        synchronized (this) {
            p = process;
        }
        if (p != null && p.isAlive()) {
            p.destroyForcibly();
            try {
                p.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
