package cn.kcbx.caseservice.integrity;

import cn.kcbx.caseservice.command.ConflictException;
import cn.kcbx.eventstore.SigningKey;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The checkpoint signing key, read from its file outside MongoDB. A missing file is generated only while no checkpoint
 * exists yet (none in the database and none recorded in the head file beside the key): once checkpoints were signed,
 * a new key would silently start a second, unrelated signed history, so the file must then be restored from its
 * backup instead.
 */
public class SigningKeySource {

    private static final Logger log = LoggerFactory.getLogger(SigningKeySource.class);

    private final Path file;
    private final BooleanSupplier noCheckpointYet;
    private SigningKey key;

    public SigningKeySource(Path file, BooleanSupplier noCheckpointYet) {
        this.file = file.toAbsolutePath().normalize();
        this.noCheckpointYet = noCheckpointYet;
    }

    /** The key, loaded once; generated if the file is missing and no checkpoint exists yet. */
    public synchronized SigningKey get() {
        if (key == null) {
            if (Files.exists(file)) {
                key = SigningKey.load(file);
            } else if (noCheckpointYet.getAsBoolean()) {
                key = SigningKey.create(file);
            } else {
                throw new ConflictException("SIGNING_KEY_MISSING",
                        "校验点签名密钥文件不存在（" + file + "），而已有签发过的校验点。请从备份恢复该密钥文件"
                                + "（kcbx.integrity.signing-key-file）后重试；不要生成新密钥", false);
            }
        }
        return key;
    }

    /** The public key, if the key file is there (verification needs no private key and creates no file). */
    public synchronized Optional<String> publicKey() {
        if (key == null && !Files.exists(file)) {
            return Optional.empty();
        }
        return Optional.of(get().publicKeyBase64());
    }

    /** At start: generate or load the key now, so that it exists (and can be backed up) from the first start on. */
    public void prepare() {
        try {
            SigningKey prepared = get();
            log.info("Integrity checkpoint signing key: {} (public key {})", file, prepared.publicKeyBase64());
        } catch (RuntimeException e) {
            log.error("Integrity checkpoint signing key unusable: {}", e.getMessage());
        }
    }

    public Path file() {
        return file;
    }
}
