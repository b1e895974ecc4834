package cn.kcbx.query.hometeaching;

import java.time.LocalDate;
import java.util.List;

/**
 * One 送教上门 session of the session log: the student (ID number masked), where they live, the school that teaches
 * them, the session's date (as corrected, when a correction was recorded by the moment asked), teachers, periods and
 * content (free text with ID and phone numbers masked), and when and by which unit it was recorded.
 */
public record HomeTeachingSessionRow(String caseId, String studentName, String idNumber, String townCode,
                                     String townName, String villageCode, String villageName,
                                     String schoolOfRegistration, String sessionId, LocalDate deliveredOn,
                                     List<String> teachers, int periods, String content, LocalDate recordedOn,
                                     String recordedByUnit) {
}
