package cn.kcbx.caseservice.casefile;

import cn.kcbx.kernel.dropoutcase.closure.CaseClosed;
import cn.kcbx.kernel.dropoutcase.closure.CaseReopened;
import cn.kcbx.kernel.dropoutcase.identification.CaseIdentified;
import cn.kcbx.kernel.dropoutcase.returning.CaseCrossedOff;
import cn.kcbx.kernel.dropoutcase.verification.CaseVerifiedNotDropout;

import java.util.stream.Stream;

/** Whether a case is open, from its event history alone: the rule behind "one open case per student". */
public enum CaseOpenness {
    NO_SUCH_CASE, OPEN, CLOSED;

    public static CaseOpenness of(Stream<?> payloads) {
        CaseOpenness openness = NO_SUCH_CASE;
        for (Object payload : payloads.toList()) {
            if (payload instanceof CaseIdentified || payload instanceof CaseReopened) {
                openness = OPEN;
            } else if (payload instanceof CaseClosed || payload instanceof CaseCrossedOff
                    || payload instanceof CaseVerifiedNotDropout) {
                openness = CLOSED;
            }
        }
        return openness;
    }
}
