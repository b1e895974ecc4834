package cn.kcbx.query.measure;

import cn.kcbx.kernel.InvalidValueException;
import cn.kcbx.kernel.dropoutcase.CaseEvent;
import cn.kcbx.kernel.dropoutcase.CaseStatus;
import cn.kcbx.kernel.dropoutcase.closure.CaseClosed;
import cn.kcbx.kernel.dropoutcase.closure.ClosingCategory;
import cn.kcbx.kernel.dropoutcase.disability.DisabilityCategory;
import cn.kcbx.kernel.dropoutcase.disability.DisabilityLevel;
import cn.kcbx.kernel.dropoutcase.disability.DisabilityRecorded;
import cn.kcbx.kernel.dropoutcase.hometeaching.HomeTeachingArranged;
import cn.kcbx.kernel.dropoutcase.hometeaching.HomeTeachingSessionDelivered;
import cn.kcbx.kernel.dropoutcase.returning.RelapseRecorded;
import cn.kcbx.kernel.dropoutcase.verification.CaseRecheckScheduled;
import cn.kcbx.kernel.dropoutcase.verification.RecheckReason;
import cn.kcbx.kernel.time.SchoolTerm;
import cn.kcbx.query.CaseEvents;
import cn.kcbx.query.casefile.CaseFile;
import cn.kcbx.query.casefile.ReadTime;
import cn.kcbx.query.projection.ProjectionEvent;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Overdue flags, account columns and the asOf parameter. */
class MeasuresTest {

    private static final OverdueRules RULES = new OverdueRules(7, 30);
    private static final Instant RECORDED = Instant.parse("2026-03-10T02:00:00Z");

    /** A case of the usual walk, stopped after {@code steps} events, then {@code more}, all recorded on one day. */
    private static CaseFile file(int steps, CaseEvent... more) {
        String caseId = UUID.randomUUID().toString();
        List<CaseEvent> events = new ArrayList<>(CaseEvents.walk(caseId, CaseEvents.idNumberOf(3)).subList(0, steps));
        for (CaseEvent event : more) {
            events.add(withCaseId(event, caseId));
        }
        CaseFile file = null;
        for (int i = 0; i < events.size(); i++) {
            file = CaseFile.fold(file, new ProjectionEvent(caseId, i, i + 1, "e" + i, RECORDED, events.get(i),
                                                           CaseEvents.metaData("u", "TOWN", "430181105", null)));
        }
        return file;
    }

    private static CaseEvent withCaseId(CaseEvent event, String caseId) {
        if (event instanceof RelapseRecorded e) {
            return new RelapseRecorded(caseId, e.droppedOutAgainOn(), e.episode(), e.resumedStatus(), e.note());
        }
        if (event instanceof CaseClosed e) {
            return new CaseClosed(caseId, e.closedOn(), e.category(), e.evidence(), e.note());
        }
        if (event instanceof DisabilityRecorded e) {
            return new DisabilityRecorded(caseId, e.verifiedOn(), e.category(), e.level(), e.certificateReference());
        }
        if (event instanceof HomeTeachingArranged e) {
            return new HomeTeachingArranged(caseId, e.teachers(), e.schoolOfRegistration(),
                                            e.requiredSessionsPerWeek(), e.periodsPerSession(), e.startsOn());
        }
        if (event instanceof HomeTeachingSessionDelivered e) {
            return new HomeTeachingSessionDelivered(caseId, e.sessionId(), e.deliveredOn(), e.teachers(), e.periods(),
                                                    e.content());
        }
        if (event instanceof CaseRecheckScheduled e) {
            return new CaseRecheckScheduled(caseId, e.checkedOn(), e.reason(), e.evidence(), e.note(), e.recheckTerm(),
                                            e.recheckDueBy());
        }
        throw new IllegalArgumentException(event.toString());
    }

    @Test
    void noTrio_isFlaggedOnlyAfterTheThresholdSinceConfirmation() {
        CaseFile confirmed = file(2); // confirmed 2026-03-20
        assertThat(Overdue.of(confirmed, LocalDate.of(2026, 3, 27), RULES).noTrio()).isFalse();
        assertThat(Overdue.of(confirmed, LocalDate.of(2026, 3, 28), RULES).noTrio()).isTrue();
        assertThat(Overdue.of(confirmed, LocalDate.of(2026, 3, 28), new OverdueRules(14, 30)).noTrio()).isFalse();
    }

    @Test
    void noVisit_countsFromTheLastVisit() {
        CaseFile visited = file(4); // last visit 2026-03-25
        assertThat(Overdue.of(visited, LocalDate.of(2026, 4, 24), RULES).noVisit()).isFalse();
        assertThat(Overdue.of(visited, LocalDate.of(2026, 4, 25), RULES).kinds()).contains(Overdue.Kind.NO_VISIT);
        CaseFile returned = file(9);
        assertThat(Overdue.of(returned, LocalDate.of(2027, 1, 1), RULES).any()).isFalse();
    }

    @Test
    void legalDeadline_isFlaggedWhenPassedAndTheChildIsStillOut() {
        CaseFile ordered = file(7); // order deadline 2026-04-12, served
        assertThat(Overdue.of(ordered, LocalDate.of(2026, 4, 12), RULES).legalDeadlinePassed()).isFalse();
        assertThat(Overdue.of(ordered, LocalDate.of(2026, 4, 13), RULES).legalDeadlinePassed()).isTrue();
    }

    @Test
    void homeTeaching_isBehindWhenFewerSessionsThanTheRateRequire() {
        CaseFile teaching = file(2, new DisabilityRecorded("x", LocalDate.of(2026, 3, 30), DisabilityCategory.INTELLECTUAL,
                                                           DisabilityLevel.LEVEL_1, null),
                                 new HomeTeachingArranged("x", List.of("周晓梅"), "青禾乡中心小学", 1, 2, LocalDate.of(2026, 4, 1)),
                                 new HomeTeachingSessionDelivered("x", "s1", LocalDate.of(2026, 4, 2), List.of("周晓梅"), 2, "识字"));
        assertThat(Overdue.of(teaching, LocalDate.of(2026, 4, 14), RULES).homeTeachingBehind()).isFalse();
        assertThat(Overdue.of(teaching, LocalDate.of(2026, 4, 15), RULES).homeTeachingBehind()).isTrue();
        assertThat(HomeTeachingProgress.of(List.of(teaching), LocalDate.of(2026, 4, 15)))
                .isEqualTo(new HomeTeachingProgress(1, 1, 2, 2));
    }

    @Test
    void recheck_isOverdueAfterItsDueDate() {
        CaseFile missing = file(1, new CaseRecheckScheduled("x", LocalDate.of(2026, 3, 12), RecheckReason.MISSING_OR_UNREACHABLE,
                                                            List.of(), null, new SchoolTerm(2026, SchoolTerm.Season.AUTUMN),
                                                            LocalDate.of(2026, 9, 15)));
        assertThat(Overdue.of(missing, LocalDate.of(2026, 9, 15), RULES).recheckOverdue()).isFalse();
        assertThat(Overdue.of(missing, LocalDate.of(2026, 9, 16), RULES).recheckOverdue()).isTrue();
    }

    @Test
    void everyCase_countsInOneColumn_andTheColumnsAddUp() {
        List<CaseFile> files = List.of(
                file(1), // 待核实
                file(2), file(5), // 在劝
                file(9), // 已返校观察中
                file(10), // 已销号
                file(9, new RelapseRecorded("x", LocalDate.of(2026, 6, 1), 2, CaseStatus.PERSUADING, null)), // 在劝 again
                file(3, new CaseClosed("x", LocalDate.of(2026, 4, 1), ClosingCategory.DECEASED, List.of(), null)),
                file(2, new DisabilityRecorded("x", LocalDate.of(2026, 3, 30), DisabilityCategory.PHYSICAL,
                                               DisabilityLevel.LEVEL_1, null),
                     new HomeTeachingArranged("x", List.of("周晓梅"), "青禾乡中心小学", 1, 2, LocalDate.of(2026, 4, 1))));
        AccountSummary summary = AccountSummary.of(files);

        assertThat(summary.cases()).isEqualTo(8);
        assertThat(summary.pendingVerification()).isEqualTo(1);
        assertThat(summary.persuading()).isEqualTo(3);
        assertThat(summary.returnedWatching()).isEqualTo(1);
        assertThat(summary.crossedOff()).isEqualTo(1);
        assertThat(summary.returned()).isEqualTo(2);
        assertThat(summary.shouldReturn()).isEqualTo(5);
        assertThat(summary.specialSituation()).isEqualTo(1);
        assertThat(summary.homeTeaching()).isEqualTo(1);
        assertThat(summary.returnRate()).isEqualByComparingTo(new BigDecimal("40.0"));
        assertThat(summary.pendingVerification() + summary.pendingRecheck() + summary.persuading()
                           + summary.returnedWatching() + summary.crossedOff() + summary.homeTeaching()
                           + summary.homeTeachingEnded() + summary.specialSituation()).isEqualTo(summary.cases());
        assertThat(AccountSummary.of(List.of()).returnRate()).isNull();
    }

    @Test
    void asOf_acceptsADateOrATime_andRefusesTheFutureAndNonsense() {
        Clock clock = Clock.fixed(Instant.parse("2026-11-23T04:00:00Z"), ZoneOffset.UTC); // 12:00 in China

        assertThat(ReadTime.parse(null, clock).live()).isTrue();
        ReadTime endOfDay = ReadTime.parse("2026-10-28", clock);
        assertThat(endOfDay.live()).isFalse();
        assertThat(endOfDay.instant()).isEqualTo(Instant.parse("2026-10-28T15:59:59.999Z"));
        assertThat(endOfDay.day()).isEqualTo(LocalDate.of(2026, 10, 28));
        assertThat(ReadTime.parse("2026-10-28T18:00:00+08:00", clock).instant()).isEqualTo(Instant.parse("2026-10-28T10:00:00Z"));
        assertThat(ReadTime.parse("2026-10-28T18:00:00", clock).instant()).isEqualTo(Instant.parse("2026-10-28T10:00:00Z"));
        assertThat(ReadTime.parse("2026-11-23", clock).live()).as("today, not over yet: now").isTrue();
        assertThatThrownBy(() -> ReadTime.parse("2026-11-24", clock)).isInstanceOfSatisfying(
                InvalidValueException.class, e -> assertThat(e.code()).isEqualTo("AS_OF_IN_FUTURE"));
        assertThatThrownBy(() -> ReadTime.parse("last tuesday", clock)).isInstanceOfSatisfying(
                InvalidValueException.class, e -> assertThat(e.code()).isEqualTo("INVALID_AS_OF"));
        assertThatThrownBy(() -> ReadTime.parse("2026-02-30", clock)).isInstanceOf(InvalidValueException.class);
    }
}
