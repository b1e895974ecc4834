package cn.kcbx.query.ledger;

import cn.kcbx.query.casefile.CaseFile;
import cn.kcbx.query.directory.UnitNames;
import cn.kcbx.query.measure.CaseBucket;
import cn.kcbx.query.measure.Coded;

import java.time.LocalDate;
import java.util.List;

/**
 * One student of the 劝返销号 account (劝返一个销号一个): each return to school with its school, grade, class,
 * placement and watch period, and how it ended (crossed off, by whom; or a relapse). Village, town and unit names
 * are the unit directory's, null where it does not list the code.
 */
public record ReturnAccountRow(String caseId, String studentName, String idNumber, String villageCode,
                               String villageName, String townCode, String townName, Coded status,
                               boolean crossedOff, LocalDate lastReturnedOn, int relapses, List<Episode> returns) {

    public record Episode(int episode, LocalDate returnedOn, String schoolName, String schoolCode, Coded grade,
                          String className, Coded placement, LocalDate watchPeriodEndsOn, LocalDate crossedOffOn,
                          String crossedOffBy, String crossedOffByUnit, String crossedOffByUnitName,
                          LocalDate relapsedOn) {
    }

    static ReturnAccountRow of(CaseFile file, UnitNames names) {
        List<Episode> episodes = file.returns().stream().map(r -> new Episode(
                r.episode(), r.returnedOn(), r.schoolName(), r.schoolCode(),
                r.grade() == null ? null : Coded.of(r.grade(), r.grade().label()), r.className(),
                r.placement() == null ? null : Coded.of(r.placement(), r.placement().label()),
                r.watchPeriodEndsOn(), r.crossedOffOn(), r.crossedOffBy(), r.crossedOffByUnit(),
                names.name(r.crossedOffByUnit(), r.crossedOffOn()), r.relapsedOn()))
                                              .toList();
        CaseFile.ReturnEpisode last = file.lastReturn();
        return new ReturnAccountRow(file.caseId(), file.studentName(), file.idNumber(), file.villageCode(),
                                    names.name(file.villageCode()), file.townCode(), names.name(file.townCode()),
                                    Coded.of(file.status(), file.status().label()),
                                    CaseBucket.of(file) == CaseBucket.CROSSED_OFF,
                                    last == null ? null : last.returnedOn(), file.relapses(), episodes);
    }
}
