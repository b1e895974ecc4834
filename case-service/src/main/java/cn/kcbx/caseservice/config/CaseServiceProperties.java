package cn.kcbx.caseservice.config;

import java.time.Duration;
import java.time.MonthDay;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * County-configurable settings of the case service.
 *
 * @param minAge / maxAge         compulsory-education age range checked at identification
 * @param springTermStart / autumnTermStart / startOfTermCheckDays the term calendar (post-return watch period)
 * @param snapshotThreshold       events after which a case is snapshotted
 * @param studentKeySecret        key of the HMAC that turns ID numbers into the duplicate-case lookup key
 * @param claimGracePeriod        how long a claim on a student is treated as "being registered"
 */
@ConfigurationProperties("kcbx.case")
public record CaseServiceProperties(Integer minAge, Integer maxAge, MonthDay springTermStart,
                                    MonthDay autumnTermStart, Integer startOfTermCheckDays,
                                    Integer snapshotThreshold, String studentKeySecret, Duration claimGracePeriod) {

    public static final String DEVELOPMENT_SECRET = "development-only-student-key-secret";

    public CaseServiceProperties {
        minAge = minAge == null ? 6 : minAge;
        maxAge = maxAge == null ? 16 : maxAge;
        springTermStart = springTermStart == null ? MonthDay.of(3, 1) : springTermStart;
        autumnTermStart = autumnTermStart == null ? MonthDay.of(9, 1) : autumnTermStart;
        startOfTermCheckDays = startOfTermCheckDays == null ? 14 : startOfTermCheckDays;
        snapshotThreshold = snapshotThreshold == null ? 50 : snapshotThreshold;
        studentKeySecret = studentKeySecret == null || studentKeySecret.isBlank() ? DEVELOPMENT_SECRET
                : studentKeySecret;
        claimGracePeriod = claimGracePeriod == null ? Duration.ofMinutes(1) : claimGracePeriod;
    }
}
