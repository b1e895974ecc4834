package cn.kcbx.eventstore;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The signer's record of its latest checkpoint ({@link CheckpointHead}), in a small file beside the signing key,
 * outside MongoDB. Someone who can rewrite the database cannot move it, so deleting the newest checkpoint, or every
 * checkpoint, shows up against it. It is written only after the checkpoint is stored, atomically (temporary file,
 * fsync, rename, fsync of the directory), readable and writable by its owner only. Signers that share the file take
 * turns through {@link #exclusively}: a lock within this JVM and a file lock between processes.
 */
public final class CheckpointHeadFile {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    /** File locks belong to the whole JVM, so threads (and instances on the same file) queue here first. */
    private static final ConcurrentMap<Path, ReentrantLock> LOCKS_IN_THIS_JVM = new ConcurrentHashMap<>();

    private final Path file;

    public CheckpointHeadFile(Path file) {
        this.file = file.toAbsolutePath().normalize();
    }

    public Path file() {
        return file;
    }

    /**
     * The head, or empty when no checkpoint was recorded yet.
     *
     * @throws IllegalStateException when the file is there but cannot be read or makes no sense
     */
    public Optional<CheckpointHead> read() {
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the checkpoint head file " + file + ": " + e.getMessage(), e);
        }
        try {
            Properties properties = new Properties();
            properties.load(new StringReader(content));
            long number = Long.parseLong(properties.getProperty("number", "").trim());
            String digest = properties.getProperty("digest", "").trim();
            long upToPosition = Long.parseLong(properties.getProperty("upToPosition", "0").trim());
            if (!digest.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("the digest is not 64 hex digits");
            }
            return Optional.of(new CheckpointHead(number, digest, upToPosition));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("the checkpoint head file " + file + " is garbled: " + e.getMessage(), e);
        }
    }

    /** Replaces the head, atomically: a reader (or a crash) sees the old head or the new one, never half of one. */
    public void write(CheckpointHead head) {
        Path directory = file.getParent();
        Path temporary = directory.resolve(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(directory);
            Files.deleteIfExists(temporary);
            try (FileChannel channel = FileChannel.open(temporary, Set.of(StandardOpenOption.CREATE_NEW,
                                                                         StandardOpenOption.WRITE), ownerOnly())) {
                ByteBuffer bytes = ByteBuffer.wrap(content(head).getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system of " + directory + " cannot rename atomically", e);
            }
            syncDirectory(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the checkpoint head file " + file, e);
        }
    }

    /** Runs {@code action} while no other thread or process holds this head file (reentrant within a thread). */
    public <T> T exclusively(Supplier<T> action) {
        ReentrantLock lock = LOCKS_IN_THIS_JVM.computeIfAbsent(file, path -> new ReentrantLock());
        lock.lock();
        try {
            if (lock.getHoldCount() > 1) {
                return action.get(); // this thread already holds the file lock too
            }
            Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
            Files.createDirectories(file.getParent());
            try (FileChannel channel = FileChannel.open(lockFile, Set.of(StandardOpenOption.CREATE,
                                                                        StandardOpenOption.WRITE), ownerOnly());
                 FileLock ignored = channel.lock()) {
                return action.get();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock the checkpoint head file " + file, e);
        } finally {
            lock.unlock();
        }
    }

    private static String content(CheckpointHead head) {
        return "# kcbx integrity: the latest checkpoint this signer stored in MongoDB. It lives outside MongoDB, beside\n"
                + "# the signing key, so that deleting checkpoints from the database shows up. Do not edit it.\n"
                + "number=" + head.number() + "\n"
                + "digest=" + head.digest() + "\n"
                + "upToPosition=" + head.upToPosition() + "\n";
    }

    private static FileAttribute<?>[] ownerOnly() {
        return posix() ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                       : new FileAttribute<?>[0];
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    /** Makes the rename itself durable; not every platform can open a directory, and there it is left to the OS. */
    private static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Windows cannot open a directory as a channel.
        }
    }
}
