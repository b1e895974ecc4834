package cn.kcbx.privacy;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;

/**
 * @param masterKeyFile the file holding the master key, outside MongoDB. Without it, and only when the service runs
 *                      on the embedded store, it is {@code kcbx-master.key} next to the store's data file and is
 *                      generated on first start. Both services must read the same file.
 */
@ConfigurationProperties("kcbx.privacy")
public record PrivacyProperties(Path masterKeyFile) {
}
