package cn.kcbx.embeddedmongo;

import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Puts a backup made by {@link EmbeddedMongoServer#backupTo} back in place of a stopped store's data file. The file it
 * replaces is kept beside it ({@code .before-restore-<time>}); nothing is deleted. Run with the service stopped: a
 * store still open refuses (its file is locked). At the next start the restored file looks not cleanly shut down (it
 * was copied while open), so its indexes are checked against its documents before the port opens.
 *
 * <p>{@code java -cp <service jar> -Dloader.main=cn.kcbx.embeddedmongo.StoreRestore
 * org.springframework.boot.loader.launch.PropertiesLauncher <backup.zip> <data directory>}
 */
public final class StoreRestore {

    private static final Logger log = LoggerFactory.getLogger(StoreRestore.class);

    private StoreRestore() {
    }

    public static void main(String[] args) {
        if (args.length != 2) {
            log.error("usage: StoreRestore <backup.zip> <data directory>");
            System.exit(2);
        }
        Path replaced = restore(Path.of(args[0]), new EmbeddedMongoProperties(Path.of(args[1]), null, null, null, null)
                .dataFile());
        log.info("Restored {}{}", args[0], replaced == null ? "" : "; the previous data file is kept as " + replaced);
    }

    /** @return where the replaced data file was kept, or null when there was none */
    public static Path restore(Path backup, Path dataFile) {
        Path restoring = dataFile.resolveSibling(dataFile.getFileName() + ".restoring");
        try {
            if (Files.exists(dataFile)) {
                openAndClose(dataFile); // refuses while a running store holds the file
            }
            Files.createDirectories(dataFile.getParent());
            extract(backup, restoring);
            openAndClose(restoring); // the copy reads: its newest complete commit is found
            Path replaced = null;
            if (Files.exists(dataFile)) {
                replaced = dataFile.resolveSibling(dataFile.getFileName() + ".before-restore-"
                        + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
                Files.move(dataFile, replaced);
            }
            Files.move(restoring, dataFile, StandardCopyOption.ATOMIC_MOVE);
            return replaced;
        } catch (IOException e) {
            throw new UncheckedIOException("restore of " + backup + " failed", e);
        }
    }

    private static void extract(Path backup, Path target) throws IOException {
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(backup))) {
            ZipEntry entry = zip.getNextEntry();
            if (entry == null) {
                throw new IOException(backup + " holds no data file");
            }
            copy(zip, target);
        }
    }

    private static void copy(InputStream from, Path target) throws IOException {
        Files.deleteIfExists(target);
        Files.createFile(target);
        EmbeddedMongoServer.restrictToOwner(target, false);
        try (OutputStream to = Files.newOutputStream(target, StandardOpenOption.TRUNCATE_EXISTING)) {
            from.transferTo(to);
        }
    }

    private static void openAndClose(Path file) {
        new MVStore.Builder().fileName(file.toString()).readOnly().open().closeImmediately();
    }
}
