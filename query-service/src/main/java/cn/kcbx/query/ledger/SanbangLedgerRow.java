package cn.kcbx.query.ledger;

import cn.kcbx.kernel.dropoutcase.trio.TrioRole;
import cn.kcbx.query.casefile.CaseFile;
import cn.kcbx.query.directory.UnitNames;
import cn.kcbx.query.measure.Coded;
import cn.kcbx.query.measure.Overdue;
import cn.kcbx.query.measure.OverdueRules;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * One line of the 三帮一 ledger (三帮一劝返工作台账): the student, where they live and last studied, why they left,
 * the helpers, the visits, the legal step and what is overdue, on the day asked. ID numbers and phones are masked.
 * The village and town names are the county's unit directory's (null when it does not list them), looked up when the
 * row is read.
 */
public record SanbangLedgerRow(String caseId, Student student, String villageCode, String villageName,
                               String townCode, String townName,
                               School lastSchool, List<Coded> priorityCategories, Coded primaryReason,
                               List<Coded> otherReasons, Trio trio, int visitCount, LocalDate lastVisitOn,
                               Coded lastVisitOutcome, LocalDate nextVisitPlannedOn, Coded legalStep,
                               LocalDate correctionOrderDeadline, Coded status, LocalDate statusSince, int episode,
                               LocalDate identifiedOn, long daysSinceIdentification, List<Coded> overdue,
                               HomeTeaching homeTeaching, TransferredIn transferredIn) {

    /**
     * The case came here from another village (town, county) by a transfer: from where, when and why. The names are
     * those the units had on the day of the transfer.
     */
    public record TransferredIn(Coded kind, LocalDate transferredOn, String fromVillageCode, String fromVillageName,
                                String fromTownCode, String fromTownName, String fromCountyCode,
                                String fromCountyName) {

        /** The latest transfer that moved the household, or null when the case never moved. */
        static TransferredIn of(CaseFile file, UnitNames names) {
            List<CaseFile.Transfer> transfers = file.transfers();
            for (int i = transfers.size() - 1; i >= 0; i--) {
                CaseFile.Transfer t = transfers.get(i);
                if (!t.fromVillageCode().equals(t.toVillageCode())) {
                    return new TransferredIn(Coded.of(t.kind(), t.kind().label()), t.transferredOn(),
                                             t.fromVillageCode(), names.name(t.fromVillageCode(), t.transferredOn()),
                                             t.fromTownCode(), names.name(t.fromTownCode(), t.transferredOn()),
                                             t.fromCountyCode(), names.name(t.fromCountyCode(), t.transferredOn()));
                }
            }
            return null;
        }
    }

    public record Student(String name, String idNumber, String studentNumber, Coded sex, Integer age) {
    }

    public record School(String name, String code, Coded grade, Coded level) {
    }

    public record Trio(CaseFile.HelperRow teacher, CaseFile.HelperRow villageCadre, CaseFile.HelperRow guardian) {
    }

    public record HomeTeaching(LocalDate startsOn, int requiredSessionsPerWeek, int sessionsDelivered,
                               int sessionsRequired, int periodsDelivered, LocalDate lastSessionOn) {
    }

    /** The row of a case on {@code day}, with the names {@code names} gives (one lookup per county per page). */
    public static SanbangLedgerRow of(CaseFile file, LocalDate day, OverdueRules rules, UnitNames names) {
        Student student = new Student(file.studentName(), file.idNumber(), file.studentNumber(),
                                      file.sex() == null ? null : Coded.of(file.sex(), file.sex().label()),
                                      file.ageOn(day));
        School school = file.lastSchoolName() == null ? null : new School(file.lastSchoolName(), file.lastSchoolCode(),
                                   file.grade() == null ? null : Coded.of(file.grade(), file.grade().label()),
                                   file.schoolLevel() == null ? null
                                           : Coded.of(file.schoolLevel(), file.schoolLevel().label()));
        Trio trio = file.hasTrio()
                ? new Trio(file.trioMember(TrioRole.TEACHER), file.trioMember(TrioRole.VILLAGE_CADRE),
                           file.trioMember(TrioRole.GUARDIAN))
                : null;
        HomeTeaching homeTeaching = file.homeTeaching() == null ? null
                : new HomeTeaching(file.homeTeaching().startsOn(), file.homeTeaching().requiredSessionsPerWeek(),
                                   file.homeTeaching().sessionsDelivered(),
                                   file.homeTeaching().sessionsRequiredBy(day),
                                   file.homeTeaching().periodsDelivered(), file.homeTeaching().lastSessionOn());
        List<Coded> overdue = Overdue.of(file, day, rules).kinds().stream().map(k -> Coded.of(k, k.label())).toList();
        return new SanbangLedgerRow(
                file.caseId(), student, file.villageCode(), names.name(file.villageCode(), day), file.townCode(),
                names.name(file.townCode(), day), school,
                file.priorityCategories().stream().map(c -> Coded.of(c, c.label())).toList(),
                file.primaryReason() == null ? null : Coded.of(file.primaryReason(), file.primaryReason().label()),
                file.otherReasons().stream().map(r -> Coded.of(r, r.label())).toList(), trio, file.visitCount(),
                file.lastVisitOn(),
                file.lastVisitOutcome() == null ? null
                        : Coded.of(file.lastVisitOutcome(), file.lastVisitOutcome().label()),
                file.nextVisitPlannedOn(), Coded.of(file.legalStep(), file.legalStep().label()),
                file.correctionOrderDeadline(), Coded.of(file.status(), file.status().label()), file.statusSince(),
                file.episode(), file.identifiedOn(),
                file.identifiedOn() == null ? 0 : ChronoUnit.DAYS.between(file.identifiedOn(), day), overdue,
                homeTeaching, TransferredIn.of(file, names));
    }
}
