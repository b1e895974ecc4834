package cn.kcbx.caseservice.intake;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The intake sealing key file: made once at the first start, the same key at every start after. */
class IntakeSealingKeyTest {

    private static final String STUDENT = "{\"name\":\"苏若溪\",\"idNumber\":\"430181201305143868\"}";

    @TempDir
    Path directory;

    @Test
    void the_key_file_is_created_once_and_the_same_key_is_loaded_at_the_next_start() throws Exception {
        Path file = directory.resolve("nested/data/" + IntakeSealingKey.DEFAULT_FILE_NAME);

        IntakeSealingKey first = IntakeSealingKey.loadOrCreate(file);
        byte[] written = Files.readAllBytes(file);
        SealedStudent sealedBeforeRestart = WebCryptoSealer.seal(STUDENT, first);
        IntakeSealingKey next = IntakeSealingKey.loadOrCreate(file);

        assertThat(Files.readAllBytes(file)).as("the file is not rewritten").isEqualTo(written);
        assertThat(next.keyId()).isEqualTo(first.keyId());
        assertThat(next.publicKeyBase64()).isEqualTo(first.publicKeyBase64());
        // What a phone sealed before the restart still opens after it.
        assertThat(sealedBeforeRestart.open(next)).isEqualTo(STUDENT);
        // Nothing left behind but the key file.
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString()).toList())
                    .containsExactly(IntakeSealingKey.DEFAULT_FILE_NAME);
        }
    }

    @Test
    void the_key_file_is_readable_by_its_owner_only() throws Exception {
        Path file = directory.resolve("intake.key");
        IntakeSealingKey.loadOrCreate(file);

        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }
    }

    @Test
    void the_key_id_is_the_start_of_the_sha256_of_the_public_keys_der_encoding() throws Exception {
        IntakeSealingKey key = IntakeSealingKey.loadOrCreate(directory.resolve("intake.key"));
        byte[] spki = Base64.getDecoder().decode(key.publicKeyBase64());

        assertThat(key.keyId()).hasSize(16).matches("[0-9a-f]{16}")
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(spki))
                                    .substring(0, 16));
        assertThat(spki).hasSizeBetween(290, 300); // RSA 2048 SubjectPublicKeyInfo
        assertThat(Files.readString(directory.resolve("intake.key"))).contains("keyId=" + key.keyId(),
                                                                               "publicKey=" + key.publicKeyBase64());
    }

    @Test
    void two_different_files_hold_two_different_keys() {
        IntakeSealingKey one = IntakeSealingKey.loadOrCreate(directory.resolve("one.key"));
        IntakeSealingKey two = IntakeSealingKey.loadOrCreate(directory.resolve("two.key"));

        assertThat(one.keyId()).isNotEqualTo(two.keyId());
    }

    /** A file pieced together from two key files would hand out a public key that nothing can open: refused. */
    @Test
    void a_file_whose_halves_do_not_belong_together_is_refused_at_start() throws Exception {
        Path one = directory.resolve("one.key");
        Path two = directory.resolve("two.key");
        IntakeSealingKey.loadOrCreate(one);
        IntakeSealingKey.loadOrCreate(two);
        String privateOfTwo = line(two, "privateKey=");
        Path mixed = directory.resolve("mixed.key");
        Files.writeString(mixed, Files.readString(one).replace(line(one, "privateKey="), privateOfTwo));

        assertThatThrownBy(() -> IntakeSealingKey.loadOrCreate(mixed)).isInstanceOf(IllegalStateException.class)
                                                                       .hasMessageContaining("do not belong together");
        Path garbled = directory.resolve("garbled.key");
        Files.writeString(garbled, "publicKey=AAAA\nprivateKey=AAAA\n");
        assertThatThrownBy(() -> IntakeSealingKey.loadOrCreate(garbled)).isInstanceOf(IllegalStateException.class)
                                                                         .hasMessageContaining("not a valid RSA key");
        Path empty = directory.resolve("empty.key");
        Files.writeString(empty, "");
        assertThatThrownBy(() -> IntakeSealingKey.loadOrCreate(empty)).isInstanceOf(IllegalStateException.class)
                                                                       .hasMessageContaining("has no privateKey");
        assertThat(Files.readString(empty)).as("a bad file is never replaced by a new key").isEmpty();
    }

    private static String line(Path file, String prefix) throws Exception {
        List<String> lines = Files.readAllLines(file);
        return lines.stream().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow();
    }
}
