package cn.kcbx.logsafety;

import cn.kcbx.kernel.student.IdNumber;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** ID and mobile numbers are masked in every line the services' log configuration prints. */
class LogMaskingTest {

    private static final String FIRST_17 = "43992120130514387";
    private static final String ID_NUMBER = FIRST_17 + IdNumber.checkCharacter(FIRST_17);
    private static final String MASKED_ID = ID_NUMBER.substring(0, 4) + "**********" + ID_NUMBER.substring(14);

    @Test
    void numbers_areMasked_andOtherDigitsAreLeftAlone() {
        assertThat(PersonalNumbers.mask("student " + ID_NUMBER + ", guardian 13812345678."))
                .isEqualTo("student " + MASKED_ID + ", guardian 138****5678.");
        assertThat(PersonalNumbers.mask("G" + ID_NUMBER)).isEqualTo("G" + MASKED_ID);
        String wrongCheck = FIRST_17 + (IdNumber.checkCharacter(FIRST_17) == '0' ? '1' : '0');
        assertThat(PersonalNumbers.mask("order " + wrongCheck)).isEqualTo("order " + wrongCheck);
        assertThat(PersonalNumbers.mask("nanos 1732345678901234567890")).isEqualTo("nanos 1732345678901234567890");
        assertThat(PersonalNumbers.mask("case 5b0c1f9e-2d3a-4e6b at 12:00")).isEqualTo("case 5b0c1f9e-2d3a-4e6b at 12:00");
        String randomFirst17 = "95391234567890123";
        String randomNumber = randomFirst17 + IdNumber.checkCharacter(randomFirst17);
        assertThat(PersonalNumbers.find("key file /tmp/junit-" + randomNumber + "/signing.key"))
                .as("fits the check character, but province 95 and birth date 1234-56-78 do not exist").isEmpty();
        String rootHash = "ab19312346042f" + "0".repeat(50);
        assertThat(PersonalNumbers.find("root hash " + rootHash)).isEmpty();
        assertThat(PersonalNumbers.mask("电话13812345678，tel:13912345678"))
                .isEqualTo("电话138****5678，tel:139****5678");
    }

    @Test
    void a_phone_or_id_number_written_in_groups_does_not_reach_the_log_in_the_clear() throws Exception {
        String spacedId = ID_NUMBER.substring(0, 4) + " " + ID_NUMBER.substring(4, 8) + " " + ID_NUMBER.substring(8, 12)
                + " " + ID_NUMBER.substring(12, 16) + " " + ID_NUMBER.substring(16);
        String printed = printedBy(log -> {
            log.info("guardian phone {}", "138-1234-5678");
            log.info("guardian phone {}", "+8613812345678");
            log.info("guardian phone {}", "138 1234 5678");
            log.info("guardian phone {}", "+86 139 8765 4321");
            log.info("student {}", spacedId);
            log.warn("lookup failed", new IllegalStateException("no student " + spacedId + ", phone 138-1234-5678"));
        });

        assertThat(printed).contains("guardian phone 138-****-5678", "guardian phone +86138****5678",
                                     "guardian phone 138 **** 5678", "guardian phone +86 139 **** 4321",
                                     "student " + ID_NUMBER.substring(0, 4) + " **** **** **",
                                     "IllegalStateException: no student " + ID_NUMBER.substring(0, 4) + " ****")
                           .doesNotContain("138-1234-5678", "13812345678", "138 1234 5678", "139 8765 4321", spacedId);
    }

    @Test
    void innocentNumbers_inALogLine_areLeftAlone() throws Exception {
        String line = "case 5b0c1f9e-2d3a-4e6b-9c1d-0e2f3a4b5c6d at position 1234567 on 2026-03-10 13:45:12, "
                + "sequence 12 of 13812, took 1382 ms, nanos 1732345678901234567890, village 430181105203, "
                + "hash ab19312346042f00000000000000000000";
        assertThat(printedBy(log -> log.info(line))).contains(line);
    }

    /** What the services' log configuration prints for what {@code logging} logs. */
    private static String printedBy(java.util.function.Consumer<Logger> logging) throws Exception {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            configurator.doConfigure(LogMaskingTest.class.getResource("/logback-spring.xml"));
            logging.accept(context.getLogger("cn.kcbx.somewhere.Careless"));
        } finally {
            System.setOut(original);
            context.stop();
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theServicesLogConfiguration_masksMessagesAndStackTraces() throws Exception {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            configurator.doConfigure(LogMaskingTest.class.getResource("/logback-spring.xml"));
            Logger log = context.getLogger("cn.kcbx.somewhere.Careless");
            log.info("registered {} with guardian phone {}", ID_NUMBER, "13812345678");
            log.error("lookup failed", new IllegalStateException("no student " + ID_NUMBER));
        } finally {
            System.setOut(original);
            context.stop();
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("registered " + MASKED_ID + " with guardian phone 138****5678",
                                     "lookup failed", "IllegalStateException: no student " + MASKED_ID,
                                     "at cn.kcbx.logsafety.LogMaskingTest")
                           .doesNotContain(ID_NUMBER, "13812345678");
    }
}
