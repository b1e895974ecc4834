package cn.kcbx.query.measure;

import cn.kcbx.query.casefile.CaseFile;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;

/**
 * The 劝返销号 account's figures for a set of cases (a village, town or county):
 * 应返 = 在劝 + 已返; 已返 = 已返校观察中 + 已销号; 返回率 = 已返 / 应返. Every case counts in one {@link CaseBucket}.
 *
 * @param returnRate percent with one decimal, null when nothing is due to return
 */
public record AccountSummary(int cases, int shouldReturn, int returned, int crossedOff, int persuading,
                             int returnedWatching, int homeTeaching, int homeTeachingEnded, int specialSituation,
                             int pendingVerification, int pendingRecheck, BigDecimal returnRate) {

    public static AccountSummary of(Collection<CaseFile> files) {
        Map<CaseBucket, Integer> counts = new EnumMap<>(CaseBucket.class);
        for (CaseBucket bucket : CaseBucket.values()) {
            counts.put(bucket, 0);
        }
        for (CaseFile file : files) {
            counts.merge(CaseBucket.of(file), 1, Integer::sum);
        }
        int persuading = counts.get(CaseBucket.PERSUADING);
        int watching = counts.get(CaseBucket.RETURNED_WATCHING);
        int crossedOff = counts.get(CaseBucket.CROSSED_OFF);
        int returned = watching + crossedOff;
        int shouldReturn = persuading + returned;
        BigDecimal rate = shouldReturn == 0 ? null
                : BigDecimal.valueOf(returned * 100L).divide(BigDecimal.valueOf(shouldReturn), 1, RoundingMode.HALF_UP);
        return new AccountSummary(files.size(), shouldReturn, returned, crossedOff, persuading, watching,
                                  counts.get(CaseBucket.HOME_TEACHING), counts.get(CaseBucket.HOME_TEACHING_ENDED),
                                  counts.get(CaseBucket.SPECIAL_SITUATION), counts.get(CaseBucket.PENDING_VERIFICATION),
                                  counts.get(CaseBucket.PENDING_RECHECK), rate);
    }
}
