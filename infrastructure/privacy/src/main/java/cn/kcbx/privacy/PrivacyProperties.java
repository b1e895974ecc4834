package cn.kcbx.privacy;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * @param masterKeyFile           the file holding the master key, outside MongoDB. Without it, and only when the
 *                                service runs on the embedded store, it is {@code kcbx-master.key} next to the store's
 *                                data file and is generated on first start. Every service must read the same file.
 * @param lookupKeyFile           the key of the hash that finds a student's data key. Without it,
 *                                {@code kcbx-personal-data-lookup.key} beside the master key file. When the file is
 *                                missing it is derived from the master key as before the two were separated, and
 *                                written there if the directory is writable.
 * @param nextMasterKeyFile       step 1 of a rotation: a master key that only unwraps (the one every process will wrap
 *                                with next)
 * @param previousMasterKeyFiles  step 2 of a rotation: master keys that only unwrap; the data keys they wrap are moved
 *                                to the current master key in the background
 * @param rewrapInterval          how often step 2 looks again for data keys wrapped by a previous master key
 */
@ConfigurationProperties("kcbx.privacy")
public record PrivacyProperties(Path masterKeyFile, Path lookupKeyFile, Path nextMasterKeyFile,
                                List<Path> previousMasterKeyFiles,
                                @DefaultValue("1m") Duration rewrapInterval) {

    public PrivacyProperties {
        previousMasterKeyFiles = previousMasterKeyFiles == null ? List.of() : List.copyOf(previousMasterKeyFiles);
    }
}
