package cn.kcbx.embeddedmongo;

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
 * Secret keys kept in files outside MongoDB (one Base64 line, readable by the owner only), generated at the first start
 * next to the embedded store's data file: the master key of personal data, the duplicate-case lookup key, the store's
 * access key. One mechanism for every such secret, so no secret ever has a default in the code.
 */
public final class KeyFiles {

    private static final SecureRandom RANDOM = new SecureRandom();

    private KeyFiles() {
    }

    /**
     * The key in {@code file}; when the file is absent and {@code createIfMissing}, 256 fresh random bits written to
     * it first (owner read/write only; a file another process created a moment earlier wins).
     *
     * @param what what the key is for, for the error message (e.g. "Master key")
     * @param hint where to point the property, for the error message
     */
    public static byte[] load(Path file, boolean createIfMissing, String what, String hint) {
        try {
            if (!Files.exists(file)) {
                if (!createIfMissing) {
                    throw new IllegalStateException(what + " file " + file + " does not exist. Restore it from its "
                                                            + "backup, or " + hint + " (see deploy/README.md).");
                }
                create(file);
            }
            byte[] raw = Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).strip());
            if (raw.length != 32) {
                throw new IllegalStateException(what + " file " + file + " does not hold a 256-bit key");
            }
            return raw;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the " + what.toLowerCase() + " file " + file, e);
        }
    }

    /**
     * Writes the new key to a private temporary file and then links it into place, so that a process starting at the
     * same moment never reads a half-written key: whoever links first wins, the other uses that key.
     */
    private static void create(Path file) throws IOException {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        write(file, raw);
    }

    /**
     * Writes a given 256-bit key to {@code file} (owner read/write only) unless the file exists; a file another process
     * created a moment earlier wins. Read the file back to learn which key it holds.
     *
     * @throws IOException when the directory cannot be written (a read-only mount)
     */
    public static void write(Path file, byte[] raw) throws IOException {
        if (raw.length != 32) {
            throw new IllegalArgumentException("a key file holds 256 bits");
        }
        if (Files.exists(file)) {
            return;
        }
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
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
