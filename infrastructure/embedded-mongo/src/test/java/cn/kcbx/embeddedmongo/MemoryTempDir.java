package cn.kcbx.embeddedmongo;

import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDirFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A {@code @TempDir} in memory (Linux's tmpfs, as the other modules' test store: see TestMongo) where there is room,
 * else the system's temp directory. These tests kill the store with SIGKILL, which loses what the process had not yet
 * handed to the kernel, never what sits in the page cache: a file in memory answers the same questions, only its
 * syncs return at once (on the shared build machine the syncs to disk were most of these tests' time).
 */
final class MemoryTempDir implements TempDirFactory {

    private static final Path MEMORY = Path.of("/dev/shm");
    private static final long HEADROOM = 512L * 1024 * 1024;

    @Override
    public Path createTempDirectory(AnnotatedElementContext element, ExtensionContext extension) throws IOException {
        return Files.createTempDirectory(root(), "kcbx-store-test");
    }

    private static Path root() {
        try {
            if (Files.isDirectory(MEMORY) && Files.isWritable(MEMORY)
                    && Files.getFileStore(MEMORY).getUsableSpace() >= HEADROOM) {
                return MEMORY;
            }
        } catch (IOException | SecurityException e) {
            // no usable memory file system
        }
        return Path.of(System.getProperty("java.io.tmpdir"));
    }
}
