package cn.kcbx.query.report;

import java.time.Instant;

/**
 * A monthly report as a county filed (报送) it: the exact bytes of the report's JSON at that moment, their SHA-256,
 * and who filed it when. It never changes afterwards; later entries and corrections show in "as corrected" instead.
 */
public record FiledReport(String countyCode, String month, Instant filedAt, String filedBy, String filedByUnit,
                          String sha256, String json) {
}
