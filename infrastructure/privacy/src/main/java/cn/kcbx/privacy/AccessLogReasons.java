package cn.kcbx.privacy;

import cn.kcbx.kernel.jackson.MaskedIdentifiers;

/**
 * The reason a user gave for seeing a case's personal data, as the access log keeps it: ID and phone numbers masked,
 * and the whole text sealed with the student's data key (a clerk may well write the child's name into it). The audit
 * list opens it; once the student's data is erased it reads 已删除, like every other copy.
 */
public final class AccessLogReasons {

    /** Bound into the seal of a reason in the access log. */
    public static final String PURPOSE = "access_log:reason";

    private AccessLogReasons() {
    }

    /** The reason as stored: masked, and sealed when the case has a live data key. */
    public static String stored(PersonalDataSeal seal, String caseId, String reason) {
        String masked = MaskedIdentifiers.scrubText(reason);
        return seal.keyState(caseId) == PersonalDataSeal.KeyState.LIVE ? seal.sealText(caseId, PURPOSE, masked)
                : masked;
    }
}
