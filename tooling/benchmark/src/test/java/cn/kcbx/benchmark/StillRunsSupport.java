package cn.kcbx.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the miniature runs keep their store. */
final class StillRunsSupport {

    private static final Path MEMORY = Path.of("/dev/shm");
    private static final long HEADROOM = 1024L * 1024 * 1024;

    private StillRunsSupport() {
    }

    /** Linux's memory file system when it is writable with room to spare (not a container's 64 MB), else null. */
    static String memory() {
        try {
            if (Files.isDirectory(MEMORY) && Files.isWritable(MEMORY)
                    && Files.getFileStore(MEMORY).getUsableSpace() >= HEADROOM) {
                return MEMORY.toString();
            }
        } catch (IOException | SecurityException e) {
            // no usable memory file system
        }
        return null;
    }
}
