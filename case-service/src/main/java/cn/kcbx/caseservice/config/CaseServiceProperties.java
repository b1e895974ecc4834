package cn.kcbx.caseservice.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;
import java.time.Duration;
import java.time.MonthDay;

/**
 * County-configurable settings of the case service.
 *
 * @param minAge / maxAge         compulsory-education age range checked at identification
 * @param springTermStart / autumnTermStart / startOfTermCheckDays the term calendar (post-return watch period)
 * @param snapshotThreshold       events after which a case is snapshotted
 * @param studentKeySecret        key of the HMAC that turns ID numbers into the duplicate-case lookup key, inline;
 *                                prefer {@code studentKeyFile}
 * @param studentKeyFile          the file holding that key (outside MongoDB). With neither set, on the embedded store
 *                                it is {@code kcbx-student-lookup.key} next to the data file, generated at first start;
 *                                with a MongoDB of its own the service refuses to start
 * @param claimGracePeriod        how long a claim on a student is treated as "being registered"
 * @param intakeSealingKeyFile    the RSA key file phones seal a new case's student identity for while offline
 *                                (outside MongoDB; generated there when missing). Unset: on the embedded store
 *                                {@code kcbx-intake-sealing.key} next to the data file; with a MongoDB of its own the
 *                                service refuses to start (several processes must share one key)
 */
@ConfigurationProperties("kcbx.case")
public record CaseServiceProperties(Integer minAge, Integer maxAge, MonthDay springTermStart,
                                    MonthDay autumnTermStart, Integer startOfTermCheckDays,
                                    Integer snapshotThreshold, String studentKeySecret, Path studentKeyFile,
                                    Duration claimGracePeriod, Path intakeSealingKeyFile) {

    public CaseServiceProperties {
        minAge = minAge == null ? 6 : minAge;
        maxAge = maxAge == null ? 16 : maxAge;
        springTermStart = springTermStart == null ? MonthDay.of(3, 1) : springTermStart;
        autumnTermStart = autumnTermStart == null ? MonthDay.of(9, 1) : autumnTermStart;
        startOfTermCheckDays = startOfTermCheckDays == null ? 14 : startOfTermCheckDays;
        snapshotThreshold = snapshotThreshold == null ? 50 : snapshotThreshold;
        studentKeySecret = studentKeySecret == null || studentKeySecret.isBlank() ? null : studentKeySecret;
        claimGracePeriod = claimGracePeriod == null ? Duration.ofMinutes(1) : claimGracePeriod;
    }
}
