package cn.kcbx.kernel.dropoutcase.hometeaching;

import cn.kcbx.kernel.dropoutcase.CaseCommand;
import cn.kcbx.kernel.dropoutcase.Checks;

import java.time.LocalDate;
import java.util.List;

/**
 * One 送教上门 visit (送教记录表): who taught, how many 课时, and what.
 *
 * @param sessionId a UUID chosen by the caller, so that a session sent twice is recorded once
 * @param teachers  at least one; substitutes for the arranged teachers are allowed
 * @param content   the topic and teaching record (送教主题、教学记录)
 */
public record RecordHomeTeachingSession(String caseId, String sessionId, LocalDate deliveredOn, List<String> teachers,
                                        int periods, String content) implements CaseCommand {

    public RecordHomeTeachingSession {
        caseId = Checks.uuid(caseId, "caseId", "案件编号");
        sessionId = Checks.uuid(sessionId, "sessionId", "送教记录编号");
        Checks.required(deliveredOn, "deliveredOn", "送教日期");
        teachers = Checks.nonEmpty(Checks.texts(teachers, "teachers", "送教教师姓名", Checks.NAME_MAX),
                "teachers", "送教教师");
        Checks.inRange(periods, 1, 8, "periods", "本次送教课时");
        content = Checks.text(content, "content", "送教内容", Checks.NOTE_MAX);
    }
}
