package cn.kcbx.embeddedmongo;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * Who may use the embedded store's port. mongo-java-server has no authentication, and a loopback port is open to
 * every account on the machine. So the store requires a secret on every connection: 256 random bits in a key file next
 * to the data file (owner-only, generated at the first start, like the master key), presented as the application name
 * of the client's connections ({@code appName}), which the MongoDB driver sends in the handshake that opens each
 * connection. A connection whose handshake does not carry it gets no answer but an error, for any command. Another
 * account can neither read the key file nor see the secret (it never appears on a command line).
 */
public final class StoreAccess {

    public static final String DEFAULT_FILE_NAME = "kcbx-store-access.key";
    public static final String PROPERTY = "kcbx.embedded-mongo.access-key-file";
    private static final String PREFIX = "kcbx-store-";

    private StoreAccess() {
    }

    /** The credential of the key in {@code keyFile}: what a client puts in its connections' application name. */
    public static String credential(Path keyFile, boolean createIfMissing) {
        byte[] raw = KeyFiles.load(keyFile, createIfMissing, "Store access key", "point " + PROPERTY + " at it");
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    static boolean matches(String expected, Object presented) {
        return presented instanceof String text && MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8), text.getBytes(StandardCharsets.UTF_8));
    }
}
