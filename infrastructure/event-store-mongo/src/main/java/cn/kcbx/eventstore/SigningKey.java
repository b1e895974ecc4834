package cn.kcbx.eventstore;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Properties;
import java.util.Set;

/**
 * The Ed25519 key that signs integrity checkpoints (JDK built-in). It lives in a file outside MongoDB, so that someone
 * who can rewrite the database cannot also sign a checkpoint that hides it. The file holds the private key (PKCS#8)
 * and the public key (X.509), both Base64, and is created readable by its owner only.
 */
public final class SigningKey {

    public static final String ALGORITHM = "Ed25519";

    private static final Logger log = LoggerFactory.getLogger(SigningKey.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final KeyPair keyPair;
    private final String publicKeyBase64;

    private SigningKey(KeyPair keyPair) {
        this.keyPair = keyPair;
        this.publicKeyBase64 = Base64.getEncoder().encodeToString(keyPair.getPublic().getEncoded());
    }

    public static SigningKey generate() {
        try {
            return new SigningKey(KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no " + ALGORITHM, e);
        }
    }

    /** Reads the key file. */
    public static SigningKey load(Path file) {
        try {
            warnIfReadableByOthers(file);
            Properties properties = new Properties();
            properties.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
            KeyFactory factory = KeyFactory.getInstance(ALGORITHM);
            PrivateKey privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(
                    Base64.getDecoder().decode(required(properties, "privateKey", file))));
            PublicKey publicKey = factory.generatePublic(new X509EncodedKeySpec(
                    Base64.getDecoder().decode(required(properties, "publicKey", file))));
            SigningKey key = new SigningKey(new KeyPair(publicKey, privateKey));
            if (!verify(key.publicKeyBase64, "kcbx-key-check", key.sign("kcbx-key-check"))) {
                throw new IllegalStateException("the signing key file " + file + " holds keys that do not belong together");
            }
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the signing key file " + file, e);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("the signing key file " + file + " is not a valid Ed25519 key file", e);
        }
    }

    /**
     * Generates a key and writes it to {@code file}, readable by its owner only. If the file appeared meanwhile
     * (another process was first), that key is used.
     */
    public static SigningKey create(Path file) {
        SigningKey key = generate();
        Path absolute = file.toAbsolutePath();
        try {
            Files.createDirectories(absolute.getParent());
            boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
            if (posix) {
                Files.createFile(absolute, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } else {
                Files.createFile(absolute);
            }
            Files.writeString(absolute, key.fileContent(), StandardCharsets.UTF_8);
            log.info("Generated the integrity checkpoint signing key {} (public key {}). Back it up outside MongoDB.",
                     absolute, key.publicKeyBase64());
            return key;
        } catch (FileAlreadyExistsException e) {
            return load(absolute);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the signing key file " + absolute, e);
        }
    }

    /** The public key, Base64 of its X.509 encoding: what checkpoints carry and verifiers trust. */
    public String publicKeyBase64() {
        return publicKeyBase64;
    }

    /** The Base64 Ed25519 signature of {@code content} (UTF-8). */
    public String sign(String content) {
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initSign(keyPair.getPrivate());
            signature.update(content.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with " + ALGORITHM, e);
        }
    }

    /** Whether {@code signatureBase64} is a valid signature of {@code content} by {@code publicKeyBase64}. */
    public static boolean verify(String publicKeyBase64, String content, String signatureBase64) {
        if (publicKeyBase64 == null || content == null || signatureBase64 == null) {
            return false;
        }
        try {
            PublicKey publicKey = KeyFactory.getInstance(ALGORITHM).generatePublic(
                    new X509EncodedKeySpec(Base64.getDecoder().decode(publicKeyBase64)));
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initVerify(publicKey);
            signature.update(content.getBytes(StandardCharsets.UTF_8));
            return signature.verify(Base64.getDecoder().decode(signatureBase64));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false; // a garbled key or signature is simply not a valid signature
        }
    }

    private String fileContent() {
        return "# kcbx integrity checkpoint signing key (" + ALGORITHM + "). Keep it secret, keep it out of MongoDB,\n"
                + "# and back it up: without it no new checkpoint can continue the signed history.\n"
                + "algorithm=" + ALGORITHM + "\n"
                + "publicKey=" + publicKeyBase64 + "\n"
                + "privateKey=" + Base64.getEncoder().encodeToString(keyPair.getPrivate().getEncoded()) + "\n";
    }

    private static String required(Properties properties, String name, Path file) {
        String value = properties.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("the signing key file " + file + " has no " + name);
        }
        return value.trim();
    }

    private static void warnIfReadableByOthers(Path file) throws IOException {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                && !OWNER_ONLY.containsAll(Files.getPosixFilePermissions(file))) {
            log.warn("The signing key file {} is readable or writable by others than its owner: chmod 600 it", file);
        }
    }
}
