package cn.kcbx.caseservice.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Tamper evidence of the event history.
 *
 * @param signingKeyFile     the Ed25519 key file that signs checkpoints, outside MongoDB; by default
 *                           {@code kcbx-integrity-signing.key} next to the embedded store's data file
 *                           ({@code kcbx.embedded-mongo.data-directory}, {@code ./data})
 * @param checkpointInterval how often a checkpoint is signed (default 1 h; 0 turns the schedule off)
 * @param trustedPublicKeys  further public keys (Base64) whose checkpoints count as genuine: earlier keys after a key
 *                           change
 * @param checkpointHeadFile where the signer records its latest checkpoint (number and digest) outside MongoDB, so
 *                           that deleted checkpoints show up; by default {@code kcbx-integrity-checkpoint.head} beside
 *                           the signing key file
 */
@ConfigurationProperties("kcbx.integrity")
public record IntegrityProperties(Path signingKeyFile, Duration checkpointInterval, List<String> trustedPublicKeys,
                                  Path checkpointHeadFile) {

    static final String DEFAULT_KEY_FILE_NAME = "kcbx-integrity-signing.key";
    static final String DEFAULT_HEAD_FILE_NAME = "kcbx-integrity-checkpoint.head";

    public IntegrityProperties {
        checkpointInterval = checkpointInterval == null ? Duration.ofHours(1) : checkpointInterval;
        trustedPublicKeys = trustedPublicKeys == null ? List.of() : List.copyOf(trustedPublicKeys);
    }
}
