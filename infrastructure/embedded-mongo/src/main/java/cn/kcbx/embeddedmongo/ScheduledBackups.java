package cn.kcbx.embeddedmongo;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Backs the embedded store up once a day at a set time while it answers ({@link EmbeddedMongoServer#backupTo}), into
 * {@code kcbx-store-<time>.zip} files of one directory, keeping the newest few. Also the operator's "back up now".
 */
public final class ScheduledBackups implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ScheduledBackups.class);
    static final String PREFIX = "kcbx-store-";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final EmbeddedMongoServer server;
    private final EmbeddedMongoProperties.Backup settings;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "embedded-store-backup");
        thread.setDaemon(true);
        return thread;
    });

    public ScheduledBackups(EmbeddedMongoServer server, EmbeddedMongoProperties.Backup settings, Clock clock) {
        this.server = server;
        this.settings = settings;
        this.clock = clock;
    }

    public void start() {
        scheduleNext();
        log.info("Embedded store backups daily at {} into {}, keeping {}", settings.dailyAt(), settings.directory(),
                 settings.keep());
    }

    private void scheduleNext() {
        LocalDateTime now = LocalDateTime.now(clock);
        LocalDateTime next = nextRun(now, settings.dailyAt());
        timer.schedule(this::scheduledBackup, Duration.between(now, next).toMillis(), TimeUnit.MILLISECONDS);
    }

    private void scheduledBackup() {
        try {
            backUpNow();
        } catch (RuntimeException e) {
            log.error("Embedded store backup failed; the next one runs tomorrow at {}", settings.dailyAt(), e);
        } finally {
            scheduleNext();
        }
    }

    /** Backs up now and removes the oldest backups beyond the number to keep; returns the new backup. */
    public synchronized Path backUpNow() {
        Path target = settings.directory().resolve(PREFIX + LocalDateTime.now(clock).format(STAMP) + ".zip");
        long started = System.nanoTime();
        long bytes = server.backupTo(target);
        log.info("Embedded store backed up to {} ({} MiB in {} ms)", target, bytes >> 20,
                 (System.nanoTime() - started) / 1_000_000);
        removeOldBackups();
        return target;
    }

    List<Path> backups() {
        try (Stream<Path> files = Files.list(settings.directory())) {
            return files.filter(file -> file.getFileName().toString().startsWith(PREFIX)
                                        && file.getFileName().toString().endsWith(".zip"))
                        .sorted(Comparator.comparing(Path::getFileName)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void removeOldBackups() {
        List<Path> backups = backups();
        for (Path old : backups.subList(0, Math.max(0, backups.size() - settings.keep()))) {
            try {
                Files.deleteIfExists(old);
            } catch (IOException e) {
                log.warn("Could not remove the old backup {}: {}", old, e.toString());
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    /** When the next backup runs after {@code now} (for the log and tests). */
    static LocalDateTime nextRun(LocalDateTime now, LocalTime dailyAt) {
        LocalDateTime next = now.toLocalDate().atTime(dailyAt);
        return next.isAfter(now) ? next : next.plusDays(1);
    }
}
