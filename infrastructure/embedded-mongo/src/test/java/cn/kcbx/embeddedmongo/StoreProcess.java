package cn.kcbx.embeddedmongo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** The embedded store in a process of its own, so that a test can kill it with SIGKILL as a power cut would. */
final class StoreProcess implements AutoCloseable {

    private final Process process;
    private final List<String> output = new CopyOnWriteArrayList<>();
    private final int port;

    private StoreProcess(Process process) throws IOException {
        this.process = process;
        BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        int announced = -1;
        while ((line = lines.readLine()) != null) {
            output.add(line);
            if (line.startsWith("READY ")) {
                announced = Integer.parseInt(line.substring(6).trim());
                break;
            }
        }
        if (announced < 0) {
            throw new IllegalStateException("the store process did not start: " + output);
        }
        this.port = announced;
        Thread drain = new Thread(() -> {
            try {
                String more;
                while ((more = lines.readLine()) != null) {
                    output.add(more);
                }
            } catch (IOException ignored) {
                // the process is gone
            }
        }, "store-process-output");
        drain.setDaemon(true);
        drain.start();
    }

    static StoreProcess start(Path dataFile) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // A store that starts fast: it answers a few thousand small inserts before it is killed, so the quick
        // compiler tier and the serial collector are enough, and the JVM starts in about half the time.
        Process process = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
                                             "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                                             dataFile.toString())
                .redirectErrorStream(true)
                .start();
        return new StoreProcess(process);
    }

    int port() {
        return port;
    }

    List<String> output() {
        return output;
    }

    /** SIGKILL: no shutdown hook, no close, nothing written after this instant. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }

    /** Starts the store on a free port and announces it; then waits to be killed. */
    public static final class Main {
        public static void main(String[] args) throws InterruptedException {
            EmbeddedMongoServer server = EmbeddedMongoServer.start(Path.of(args[0]), "127.0.0.1", 0);
            System.out.println("READY " + server.port());
            System.out.flush();
            Thread.currentThread().join();
        }
    }
}
