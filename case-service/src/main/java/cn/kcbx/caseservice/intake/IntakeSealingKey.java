package cn.kcbx.caseservice.intake;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Properties;
import java.util.Set;

/**
 * The RSA key pair that phones seal a new case's student identity for while offline (see {@link SealedStudent}): the
 * public half is handed out, the private half stays in a file outside MongoDB, so that neither a phone nor a copy of
 * the database can read what a phone kept. The file holds the private key (PKCS#8) and the public key (X.509 SPKI),
 * both Base64, and is created readable by its owner only.
 */
public final class IntakeSealingKey {

    /** The default file, next to the embedded store's data file like the other key files. */
    public static final String DEFAULT_FILE_NAME = "kcbx-intake-sealing.key";
    /** What a phone does with the public key: RSA-OAEP (SHA-256) wraps a fresh AES-256-GCM key. */
    public static final String SCHEME = "RSA-OAEP-256+A256GCM";

    private static final int KEY_SIZE = 2048;
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Logger log = LoggerFactory.getLogger(IntakeSealingKey.class);

    private final KeyPair keyPair;
    private final String publicKeyBase64;
    private final String keyId;

    private IntakeSealingKey(KeyPair keyPair) {
        this.keyPair = keyPair;
        byte[] spki = keyPair.getPublic().getEncoded();
        this.publicKeyBase64 = Base64.getEncoder().encodeToString(spki);
        this.keyId = keyId(spki);
    }

    /**
     * The key in {@code file}; when the file is absent, a new key pair written there first (owner-only). A file another
     * process created a moment earlier wins, so two processes starting together end up with the same key.
     */
    public static IntakeSealingKey loadOrCreate(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        if (!Files.exists(absolute)) {
            create(absolute);
        }
        return load(absolute);
    }

    /** First 16 hex characters of the SHA-256 of the public key's SPKI (DER) encoding: what phones name it by. */
    public String keyId() {
        return keyId;
    }

    /** The public key, Base64 of its SPKI (DER) encoding: what WebCrypto imports as {@code "spki"}. */
    public String publicKeyBase64() {
        return publicKeyBase64;
    }

    PrivateKey privateKey() {
        return keyPair.getPrivate();
    }

    int modulusBytes() {
        return (((RSAPublicKey) keyPair.getPublic()).getModulus().bitLength() + 7) / 8;
    }

    static String keyId(byte[] spki) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(spki)).substring(0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static IntakeSealingKey load(Path file) {
        try {
            warnIfReadableByOthers(file);
            Properties properties = new Properties();
            properties.load(new StringReader(Files.readString(file, StandardCharsets.US_ASCII)));
            KeyFactory factory = KeyFactory.getInstance("RSA");
            PrivateKey privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(
                    Base64.getDecoder().decode(required(properties, "privateKey", file))));
            RSAPublicKey publicKey = (RSAPublicKey) factory.generatePublic(new X509EncodedKeySpec(
                    Base64.getDecoder().decode(required(properties, "publicKey", file))));
            // A file pieced together from two keys would hand out a public key nobody can open: refuse it at start.
            if (!(privateKey instanceof RSAPrivateCrtKey crt) || !crt.getModulus().equals(publicKey.getModulus())
                    || !crt.getPublicExponent().equals(publicKey.getPublicExponent())) {
                throw new IllegalStateException("the intake sealing key file " + file
                                                        + " holds keys that do not belong together");
            }
            if (publicKey.getModulus().bitLength() < KEY_SIZE) {
                throw new IllegalStateException("the intake sealing key in " + file + " is shorter than " + KEY_SIZE
                                                        + " bits");
            }
            IntakeSealingKey key = new IntakeSealingKey(new KeyPair(publicKey, privateKey));
            String recordedId = properties.getProperty("keyId");
            if (recordedId != null && !recordedId.trim().equals(key.keyId)) {
                throw new IllegalStateException("the intake sealing key file " + file + " names key id " + recordedId.trim()
                                                        + " but holds key " + key.keyId);
            }
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the intake sealing key file " + file, e);
        } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            throw new IllegalStateException("the intake sealing key file " + file + " is not a valid RSA key file", e);
        }
    }

    /**
     * Writes a new key pair to a private temporary file and links it into place, so that a process starting at the
     * same moment never reads a half-written file: whoever links first wins, the other loads that key.
     */
    private static void create(Path file) {
        IntakeSealingKey key = generate();
        Path parent = file.getParent();
        try {
            Files.createDirectories(parent);
            boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
            Path draft = posix ? Files.createTempFile(parent, ".kcbx-key-", ".tmp",
                                                      PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                    : Files.createTempFile(parent, ".kcbx-key-", ".tmp");
            try {
                Files.writeString(draft, key.fileContent(), StandardCharsets.US_ASCII);
                try {
                    Files.createLink(file, draft);
                    log.info("Generated the intake sealing key {} (key id {}). Back it up outside MongoDB.", file,
                             key.keyId);
                } catch (FileAlreadyExistsException e) {
                    // another process created it first: use theirs
                } catch (UnsupportedOperationException e) {
                    Files.move(draft, file); // no hard links here: fails if the file appeared meanwhile
                }
            } finally {
                Files.deleteIfExists(draft);
            }
        } catch (FileAlreadyExistsException e) {
            // created meanwhile by another process: load() reads theirs
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the intake sealing key file " + file, e);
        }
    }

    private static IntakeSealingKey generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(KEY_SIZE);
            return new IntakeSealingKey(generator.generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot generate RSA keys", e);
        }
    }

    private String fileContent() {
        return "# kcbx intake sealing key (RSA " + KEY_SIZE + ", " + SCHEME + "). Phones seal a new case's student\n"
                + "# identity for it while offline. Keep it secret and out of MongoDB, and back it up: without it the\n"
                + "# registrations still waiting on phones cannot be read and must be entered again.\n"
                + "keyId=" + keyId + "\n"
                + "publicKey=" + publicKeyBase64 + "\n"
                + "privateKey=" + Base64.getEncoder().encodeToString(keyPair.getPrivate().getEncoded()) + "\n";
    }

    private static String required(Properties properties, String name, Path file) {
        String value = properties.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("the intake sealing key file " + file + " has no " + name);
        }
        return value.trim();
    }

    private static void warnIfReadableByOthers(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")
                && !OWNER_ONLY.containsAll(Files.getPosixFilePermissions(file))) {
            log.warn("The intake sealing key file {} is readable or writable by others than its owner: chmod 600 it",
                     file);
        }
    }
}
