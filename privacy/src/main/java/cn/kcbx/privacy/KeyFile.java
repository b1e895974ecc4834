package cn.kcbx.privacy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A secret of 256 random bits in a file outside MongoDB (one Base64 line, owner read/write only), generated on first
 * start where the caller allows it. The master key of personal data and the sign-in session key are such files.
 */
public final class KeyFile {

    private static final SecureRandom RANDOM = new SecureRandom();

    private KeyFile() {
    }

    /**
     * The key's 32 bytes. A missing file is created first when {@code createIfMissing}; otherwise it is an error that
     * names {@code property}, the setting that points at the file.
     */
    public static byte[] load(Path file, boolean createIfMissing, String property) {
        try {
            if (!Files.exists(file)) {
                if (!createIfMissing) {
                    throw new IllegalStateException("Key file " + file + " does not exist. Restore it from its "
                            + "backup, or point " + property + " at it (see deploy/README.md).");
                }
                create(file);
            }
            byte[] raw = Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).strip());
            if (raw.length != 32) {
                throw new IllegalStateException("Key file " + file + " does not hold a 256-bit key");
            }
            return raw;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the key file " + file, e);
        }
    }

    /**
     * Writes the new key to a private temporary file and then links it into place, so that a process starting at the
     * same moment never reads a half-written key: whoever links first wins, the other uses that key.
     */
    private static void create(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        Path draft = file.getFileSystem().supportedFileAttributeViews().contains("posix")
                ? Files.createTempFile(parent, ".kcbx-key-", ".tmp",
                                       PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                : Files.createTempFile(parent, ".kcbx-key-", ".tmp");
        try {
            Files.writeString(draft, Base64.getEncoder().encodeToString(raw) + "\n", StandardCharsets.US_ASCII);
            try {
                Files.createLink(file.toAbsolutePath(), draft);
            } catch (FileAlreadyExistsException e) {
                // another process created it first: use theirs
            } catch (UnsupportedOperationException e) {
                Files.move(draft, file.toAbsolutePath()); // no hard links here: fails if the file appeared meanwhile
            }
        } finally {
            Files.deleteIfExists(draft);
        }
    }
}
