package cn.kcbx.caseservice.intake;

import cn.kcbx.kernel.DomainException;
import cn.kcbx.kernel.InvalidValueException;
import cn.kcbx.kernel.RuleViolationException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Opening a sealed student: what a phone sealed with WebCrypto opens to exactly its JSON, and anything else is refused
 * with one of two codes, never with a crypto exception and never with a word of the content.
 */
class SealedStudentTest {

    /** Fictional student; the ID number has a valid check character. */
    private static final String STUDENT = """
            {"name":"林小禾","idNumber":"430181201305143868","studentNumber":"G430181201305143868","sex":"FEMALE",\
            "birthDate":"2013-05-14"}""";

    @TempDir
    static Path directory;

    private static IntakeSealingKey key;

    @BeforeAll
    static void key() {
        key = IntakeSealingKey.loadOrCreate(directory.resolve("intake-sealing.key"));
    }

    @Test
    void what_the_phone_seals_the_server_opens() {
        SealedStudent sealed = WebCryptoSealer.seal(STUDENT, key);

        assertThat(sealed.open(key)).isEqualTo(STUDENT);
        assertThat(Base64.getDecoder().decode(sealed.wrappedKey())).hasSize(256);
        assertThat(Base64.getDecoder().decode(sealed.iv())).hasSize(12);
        // AES-GCM: as long as the UTF-8 plaintext, plus the 16-byte tag.
        assertThat(Base64.getDecoder().decode(sealed.ciphertext()))
                .hasSize(STUDENT.getBytes(StandardCharsets.UTF_8).length + 16);
        assertThat(sealed.ciphertext()).doesNotContain("430181");
        assertThat(sealed.toString()).isEqualTo("SealedStudent[keyId=" + key.keyId() + "]");
    }

    /** Sealed by Node's WebCrypto (the browser API) with seal-with-webcrypto.mjs, for the key pair beside it. */
    @Test
    void a_student_sealed_by_webcrypto_opens() throws IOException {
        Path file = directory.resolve("webcrypto-fixture.key");
        try (InputStream in = resource("webcrypto-fixture.key")) {
            Files.copy(in, file);
        }
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------")); // as a key file is
        }
        IntakeSealingKey fixtureKey = IntakeSealingKey.loadOrCreate(file);
        JsonNode fixture;
        try (InputStream in = resource("webcrypto-sealed-student.json")) {
            fixture = new ObjectMapper().readTree(in);
        }
        JsonNode sealed = fixture.path("sealedStudent");
        SealedStudent student = new SealedStudent(sealed.path("keyId").asText(), sealed.path("wrappedKey").asText(),
                                                  sealed.path("iv").asText(), sealed.path("ciphertext").asText());

        assertThat(fixtureKey.keyId()).isEqualTo(student.keyId());
        assertThat(student.open(fixtureKey)).isEqualTo(fixture.path("plaintext").asText()).contains("阿依古丽·吐尔逊");
        // Loading never rewrites the file.
        try (InputStream in = resource("webcrypto-fixture.key")) {
            assertThat(Files.readAllBytes(file)).isEqualTo(in.readAllBytes());
        }
    }

    @Test
    void a_student_sealed_for_another_key_is_SEALING_KEY_UNKNOWN() {
        IntakeSealingKey replaced = IntakeSealingKey.loadOrCreate(directory.resolve("replaced.key"));
        SealedStudent forReplaced = WebCryptoSealer.seal(STUDENT, replaced);

        assertRefused(() -> forReplaced.open(key), RuleViolationException.class, "SEALING_KEY_UNKNOWN");
        SealedStudent otherId = WebCryptoSealer.seal(STUDENT, "0123456789abcdef", key.publicKeyBase64());
        assertRefused(() -> otherId.open(key), RuleViolationException.class, "SEALING_KEY_UNKNOWN");
        // Sealed for the other key but labelled with this one: the wrapped key does not open.
        SealedStudent mislabelled = WebCryptoSealer.seal(STUDENT, key.keyId(), replaced.publicKeyBase64());
        assertInvalid(mislabelled);
    }

    @Test
    void a_flipped_bit_anywhere_is_SEALED_STUDENT_INVALID() {
        SealedStudent s = WebCryptoSealer.seal(STUDENT, key);
        for (int index : new int[] {0, 5, -17, -1}) { // the ciphertext's last 16 bytes are the tag
            assertInvalid(new SealedStudent(s.keyId(), s.wrappedKey(), s.iv(),
                                            WebCryptoSealer.flipped(s.ciphertext(), index)));
        }
        for (int index : new int[] {0, 100, -1}) {
            assertInvalid(new SealedStudent(s.keyId(), WebCryptoSealer.flipped(s.wrappedKey(), index), s.iv(),
                                            s.ciphertext()));
        }
        assertInvalid(new SealedStudent(s.keyId(), s.wrappedKey(), WebCryptoSealer.flipped(s.iv(), 3),
                                        s.ciphertext()));
    }

    @Test
    void malformed_fields_are_SEALED_STUDENT_INVALID() {
        SealedStudent s = WebCryptoSealer.seal(STUDENT, key);
        assertInvalid(new SealedStudent(null, s.wrappedKey(), s.iv(), s.ciphertext()));
        assertInvalid(new SealedStudent(" ", s.wrappedKey(), s.iv(), s.ciphertext()));
        assertInvalid(new SealedStudent(s.keyId(), null, s.iv(), s.ciphertext()));
        assertInvalid(new SealedStudent(s.keyId(), s.wrappedKey(), null, s.ciphertext()));
        assertInvalid(new SealedStudent(s.keyId(), s.wrappedKey(), s.iv(), null));
        assertInvalid(new SealedStudent(s.keyId(), "not base64!", s.iv(), s.ciphertext()));
        assertInvalid(new SealedStudent(s.keyId(), s.wrappedKey(), s.iv(), s.ciphertext() + "%"));
        assertInvalid(new SealedStudent(s.keyId(), s.wrappedKey(), s.iv(), ""));
        // The ciphertext cut short (the tag gone), and a 16-byte IV where 12 were agreed.
        byte[] ciphertext = Base64.getDecoder().decode(s.ciphertext());
        assertInvalid(new SealedStudent(s.keyId(), s.wrappedKey(), s.iv(),
                                        Base64.getEncoder().encodeToString(Arrays.copyOf(ciphertext, 16))));
        assertInvalid(new SealedStudent(s.keyId(), s.wrappedKey(), Base64.getEncoder().encodeToString(new byte[16]),
                                        s.ciphertext()));
        assertInvalid(new SealedStudent(s.keyId(), s.wrappedKey().substring(4), s.iv(), s.ciphertext()));
        // Padding is optional, as btoa and Buffer write it.
        assertThat(new SealedStudent(s.keyId(), s.wrappedKey().replace("=", ""), s.iv(),
                                     s.ciphertext().replace("=", "")).open(key)).isEqualTo(STUDENT);
    }

    /** Java's own OAEP default hashes MGF1 with SHA-1; WebCrypto uses SHA-256 throughout. Only the latter opens. */
    @Test
    void a_key_wrapped_with_sha1_mgf1_does_not_open() throws Exception {
        SealedStudent sealed = WebCryptoSealer.seal(STUDENT, key);
        Cipher javaDefault = Cipher.getInstance("RSA/ECB/OAEPWithSHA-256AndMGF1Padding");
        javaDefault.init(Cipher.ENCRYPT_MODE, KeyFactory.getInstance("RSA").generatePublic(
                new X509EncodedKeySpec(Base64.getDecoder().decode(key.publicKeyBase64()))));
        byte[] aesKey = new byte[32];
        SealedStudent sha1Mgf = new SealedStudent(key.keyId(), Base64.getEncoder().encodeToString(
                javaDefault.doFinal(aesKey)), sealed.iv(), sealed.ciphertext());

        assertInvalid(sha1Mgf);
    }

    @Test
    void an_opened_text_that_is_not_utf8_is_SEALED_STUDENT_INVALID() {
        assertInvalid(WebCryptoSealer.sealBytes(new byte[] {'{', '"', (byte) 0xE9, '"', '}'}, key)); // 0xE9: Latin-1 é
    }

    private static void assertInvalid(SealedStudent sealed) {
        assertRefused(() -> sealed.open(key), InvalidValueException.class, "SEALED_STUDENT_INVALID");
    }

    private static void assertRefused(Runnable open, Class<? extends DomainException> type, String code) {
        assertThatThrownBy(open::run).isInstanceOf(type)
                                     .satisfies(e -> {
                                         DomainException refusal = (DomainException) e;
                                         assertThat(refusal.code()).isEqualTo(code);
                                         assertThat(refusal.field()).isEqualTo("sealedStudent");
                                         assertThat(refusal.getMessage()).containsPattern("\\p{IsHan}")
                                                                         .doesNotContain("林小禾", "430181");
                                         assertThat(refusal.getCause()).isNull();
                                     });
    }

    private static InputStream resource(String name) {
        InputStream in = SealedStudentTest.class.getResourceAsStream(name);
        assertThat(in).as(name).isNotNull();
        return in;
    }
}
