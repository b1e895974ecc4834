package cn.kcbx.access.log;

import java.time.Instant;

/**
 * One line of the access log: who (user, role, unit), when, from where (client address), what, on which case (or
 * null) and a short detail that never holds a personal field (no name, ID number or phone).
 */
public record AccessEntry(String id, Instant at, String userId, String role, String unit, AccessAction action,
                          String caseId, String detail, String origin) {
}
