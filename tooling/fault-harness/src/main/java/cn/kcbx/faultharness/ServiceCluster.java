package cn.kcbx.faultharness;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The production-like topology: the case service's exec jar hosts the embedded store, and the query service's exec
 * jar runs as a second process that reaches the store by URI and reads the master key file the case service made
 * next to the store's data file. A JVM shutdown hook kills both, so that no process outlives the harness (Ctrl-C, an
 * exception, a normal end).
 */
final class ServiceCluster implements AutoCloseable {

    static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    final ServiceProcess caseService;
    final ServiceProcess queryService;
    private final Thread shutdownHook;

    ServiceCluster(HarnessOptions options, String adminUser, String adminUnit, Path adminPasswordFile) {
        List<String> jvm = Arrays.stream(options.serviceJvmOptions.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
        Path data = options.dataDirectory();
        caseService = new ServiceProcess("case-service", options.jar("case-service"), jvm, List.of(
                "--server.port=" + options.casePort(),
                "--kcbx.embedded-mongo.port=" + options.mongoPort(),
                "--kcbx.embedded-mongo.data-directory=" + data,
                "--kcbx.security.initial-admin.username=" + adminUser,
                "--kcbx.security.initial-admin.unit=" + adminUnit,
                "--kcbx.security.initial-admin.password-file=" + adminPasswordFile,
                "--kcbx.security.bcrypt-strength=4",
                "--kcbx.case.student-key-secret=fault-harness-student-key-secret-0123456789"),
                options.casePort(), options.runDirectory.resolve("case-service.log"));
        queryService = new ServiceProcess("query-service", options.jar("query-service"), jvm, List.of(
                "--server.port=" + options.queryPort(),
                "--spring.data.mongodb.uri=mongodb://127.0.0.1:" + options.mongoPort() + "/kcbx",
                "--kcbx.privacy.master-key-file=" + data.resolve("kcbx-master.key"),
                // The case service generates it next to its store; tokens must be valid on both services.
                "--kcbx.security.session-key-file=" + data.resolve("kcbx-session.key"),
                "--kcbx.embedded-mongo.access-key-file=" + data.resolve("kcbx-store-access.key"),
                "--kcbx.security.bcrypt-strength=4"),
                options.queryPort(), options.runDirectory.resolve("query-service.log"));
        shutdownHook = new Thread(this::killAll, "fault-harness-cleanup");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Writes the first administrator's password file (owner-only), as deploy/README.md describes. */
    static Path writePasswordFile(Path directory, String password) throws IOException {
        Files.createDirectories(directory);
        Path file = directory.resolve("admin-password");
        Files.writeString(file, password + "\n");
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system
        }
        return file;
    }

    static void requirePortsFree(int... ports) {
        for (int port : ports) {
            try (ServerSocket socket = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
                socket.setReuseAddress(true);
            } catch (IOException e) {
                throw new IllegalStateException("port " + port + " is in use; choose another --port-base");
            }
        }
    }

    void startBoth() throws IOException, InterruptedException {
        caseService.start();
        caseService.awaitReady(START_TIMEOUT);
        queryService.start();
        queryService.awaitReady(START_TIMEOUT);
    }

    /** Restarts a killed service and waits for it; the query service needs the case service's store up first. */
    void restart(ServiceProcess service) throws IOException, InterruptedException {
        service.start();
        service.awaitReady(START_TIMEOUT);
    }

    /** Orderly stop: the query service first, then the case service, whose store then writes its file out. */
    void stopBoth() throws InterruptedException {
        queryService.stop();
        caseService.stop();
    }

    private void killAll() {
        queryService.killQuietly();
        caseService.killQuietly();
    }

    @Override
    public void close() {
        killAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook runs anyway
        }
    }
}
