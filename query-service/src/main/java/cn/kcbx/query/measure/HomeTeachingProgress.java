package cn.kcbx.query.measure;

import cn.kcbx.kernel.dropoutcase.CaseStatus;
import cn.kcbx.query.casefile.CaseFile;

import java.time.LocalDate;
import java.util.Collection;

/** 送教上门 delivered against the plans' weekly rates, over the cases currently taught at home. */
public record HomeTeachingProgress(int cases, int sessionsDelivered, int sessionsRequired, int periodsDelivered) {

    public static HomeTeachingProgress of(Collection<CaseFile> files, LocalDate day) {
        int cases = 0;
        int delivered = 0;
        int required = 0;
        int periods = 0;
        for (CaseFile file : files) {
            if (file.status() == CaseStatus.HOME_TEACHING && file.homeTeaching() != null) {
                cases++;
                delivered += file.homeTeaching().sessionsDelivered();
                required += file.homeTeaching().sessionsRequiredBy(day);
                periods += file.homeTeaching().periodsDelivered();
            }
        }
        return new HomeTeachingProgress(cases, delivered, required, periods);
    }
}
