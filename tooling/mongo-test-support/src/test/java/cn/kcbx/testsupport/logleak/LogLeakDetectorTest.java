package cn.kcbx.testsupport.logleak;

import cn.kcbx.kernel.student.IdNumber;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The detector catches a planted leak. The leaks are planted in a logging context of their own, so the detector that
 * watches this very test class (auto-registered) does not see them.
 */
class LogLeakDetectorTest {

    private static final String FIRST_17 = "43992120130514387";
    private static final String ID_NUMBER = FIRST_17 + IdNumber.checkCharacter(FIRST_17);

    @Test
    void anIdNumberOrAPhone_inAMessageOrAnException_isCaught_andReportedMasked() {
        LoggerContext context = new LoggerContext();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        LogLeakDetector detector = LogLeakDetector.attachTo(root);
        Logger log = context.getLogger("cn.kcbx.somewhere.Careless");

        log.info("registered {} for case {}", ID_NUMBER, "5b0c1f9e");
        log.warn("could not reach guardian", new IllegalStateException("phone 13812345678 switched off",
                                                                        new RuntimeException("id " + ID_NUMBER)));
        log.info("masked is fine: {} and 138****5678", new IdNumber(ID_NUMBER));
        log.info("an ID with a wrong check character is no ID: {}", FIRST_17 + wrongCheck());
        log.info("nor is a longer run of digits: {}", "9" + ID_NUMBER + "1");

        assertThat(detector.leaks()).extracting(leak -> leak.finding().masked())
                                    .containsExactly(ID_NUMBER.substring(0, 4) + "**********" + ID_NUMBER.substring(14),
                                                     "138****5678",
                                                     ID_NUMBER.substring(0, 4) + "**********" + ID_NUMBER.substring(14));
        assertThat(detector.leaks().toString()).doesNotContain(ID_NUMBER, "13812345678")
                                               .contains("cn.kcbx.somewhere.Careless");
        detector.detachFrom(root);
        context.stop();
    }

    @Test
    void aResetOfTheLoggingContext_doesNotDropTheDetector() {
        LoggerContext context = new LoggerContext();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        LogLeakDetector detector = LogLeakDetector.attachTo(root);

        context.reset(); // as Spring Boot does when it configures logging for its first application context
        context.getLogger("cn.kcbx.somewhere.Careless").info("phone {}", "13812345678");

        assertThat(detector.leaks()).hasSize(1);
        detector.detachFrom(root);
        context.stop();
    }

    @Test
    void theExtension_watchesEveryTestClass_throughAutoDetection() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        assertThat(root.getAppender("personal-data-log-leak-detector")).isInstanceOf(LogLeakDetector.class);
    }

    private static char wrongCheck() {
        char right = IdNumber.checkCharacter(FIRST_17);
        return right == '0' ? '1' : '0';
    }
}
