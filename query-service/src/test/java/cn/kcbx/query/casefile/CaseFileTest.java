package cn.kcbx.query.casefile;

import cn.kcbx.kernel.dropoutcase.CaseEvent;
import cn.kcbx.kernel.dropoutcase.CaseStatus;
import cn.kcbx.kernel.dropoutcase.closure.CaseClosed;
import cn.kcbx.kernel.dropoutcase.closure.CaseReopened;
import cn.kcbx.kernel.dropoutcase.closure.ClosingCategory;
import cn.kcbx.kernel.dropoutcase.disability.DisabilityCategory;
import cn.kcbx.kernel.dropoutcase.disability.DisabilityLevel;
import cn.kcbx.kernel.dropoutcase.disability.DisabilityRecorded;
import cn.kcbx.kernel.dropoutcase.hometeaching.HomeTeachingArranged;
import cn.kcbx.kernel.dropoutcase.hometeaching.HomeTeachingSessionDelivered;
import cn.kcbx.kernel.dropoutcase.identification.CaseIdentified;
import cn.kcbx.kernel.dropoutcase.identification.DropoutReason;
import cn.kcbx.kernel.dropoutcase.identification.PriorityCategory;
import cn.kcbx.kernel.dropoutcase.legal.LegalStep;
import cn.kcbx.kernel.dropoutcase.returning.RelapseRecorded;
import cn.kcbx.kernel.dropoutcase.school.Grade;
import cn.kcbx.kernel.dropoutcase.transfer.ReceivingSchool;
import cn.kcbx.kernel.dropoutcase.transfer.TransferKind;
import cn.kcbx.kernel.dropoutcase.trio.TrioRole;
import cn.kcbx.kernel.dropoutcase.visit.VisitOutcome;
import cn.kcbx.query.CaseEvents;
import cn.kcbx.query.projection.ProjectionEvent;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The fold of a case's events into its file, and the file's stored form. */
class CaseFileTest {

    static final String CASE_ID = "5b0c1f9e-2d3a-4e6b-8c7d-9a0b1c2d3e4f";
    static final String ID_NUMBER = CaseEvents.idNumberOf(11);
    static final Instant START = Instant.parse("2026-03-10T02:00:00Z");

    /** The events as stored: sequence from 0, one day apart from {@link #START}, with the case service's metadata. */
    static List<ProjectionEvent> stored(List<CaseEvent> events) {
        List<ProjectionEvent> stored = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            stored.add(new ProjectionEvent(CASE_ID, i, 100 + i, "event-" + i, START.plusSeconds(86_400L * i),
                                           events.get(i), CaseEvents.metaData("clerk-" + i, "TOWN", "430181105",
                                                                              "request-" + i)));
        }
        return stored;
    }

    static CaseFile foldAll(List<CaseEvent> events) {
        CaseFile file = null;
        for (ProjectionEvent event : stored(events)) {
            file = CaseFile.fold(file, event);
        }
        return file;
    }

    @Test
    void theUsualWalk_endsCrossedOff_withEveryStepOnFile() {
        List<CaseEvent> walk = CaseEvents.walk(CASE_ID, ID_NUMBER);
        CaseFile file = foldAll(walk);

        assertThat(file.caseId()).isEqualTo(CASE_ID);
        assertThat(file.sequence()).isEqualTo(walk.size() - 1);
        assertThat(file.status()).isEqualTo(CaseStatus.CLOSED);
        assertThat(file.closingCategory()).isEqualTo(ClosingCategory.RETURNED_AND_CROSSED_OFF);
        assertThat(file.studentName()).isEqualTo("林小禾");
        assertThat(file.idNumber()).isEqualTo(ID_NUMBER.substring(0, 4) + "**********" + ID_NUMBER.substring(14));
        assertThat(file.villageCode()).isEqualTo("430181105203");
        assertThat(file.townCode()).isEqualTo("430181105");
        assertThat(file.countyCode()).isEqualTo("430181");
        assertThat(file.grade()).isEqualTo(Grade.GRADE_6);
        assertThat(file.priorityCategories()).containsExactly(PriorityCategory.LEFT_BEHIND_CHILD);
        assertThat(file.primaryReason()).isEqualTo(DropoutReason.LEARNING_DIFFICULTY);
        assertThat(file.confirmedOn()).isEqualTo(LocalDate.of(2026, 3, 20));
        assertThat(file.trioMember(TrioRole.TEACHER).phone()).isEqualTo("138****0101");
        // The helpers count from the day their event was recorded (the third event: START + 2 days).
        assertThat(file.trioAssignedOn()).as("its own date, not the day it was recorded").isEqualTo(LocalDate.of(2026, 3, 22));
        assertThat(file.visitCount()).isEqualTo(2);
        assertThat(file.lastVisitOn()).isEqualTo(LocalDate.of(2026, 4, 20));
        assertThat(file.lastVisitOutcome()).isEqualTo(VisitOutcome.UNDECIDED);
        assertThat(file.nextVisitPlannedOn()).isEqualTo(LocalDate.of(2026, 4, 27));
        assertThat(file.legalStep()).isEqualTo(LegalStep.DOCUMENTS_SERVED);
        assertThat(file.correctionOrderDeadline()).isEqualTo(LocalDate.of(2026, 4, 12));
        assertThat(file.returns()).hasSize(1);
        CaseFile.ReturnEpisode back = file.returns().get(0);
        assertThat(back.returnedOn()).isEqualTo(LocalDate.of(2026, 5, 8));
        assertThat(back.watchPeriodEndsOn()).isEqualTo(LocalDate.of(2026, 9, 15));
        assertThat(back.crossedOffOn()).isEqualTo(LocalDate.of(2026, 9, 15));
        assertThat(back.crossedOffBy()).isEqualTo("clerk-9");
        assertThat(back.relapsedOn()).isNull();
    }

    @Test
    void eachStepOfTheWalk_movesTheStatusAsTheCaseServiceDoes() {
        List<CaseEvent> walk = CaseEvents.walk(CASE_ID, ID_NUMBER);
        List<CaseStatus> statuses = new ArrayList<>();
        CaseFile file = null;
        for (ProjectionEvent event : stored(walk)) {
            file = CaseFile.fold(file, event);
            statuses.add(file.status());
        }
        assertThat(statuses).containsExactly(CaseStatus.IDENTIFIED, CaseStatus.CONFIRMED_DROPOUT,
                                             CaseStatus.PERSUADING, CaseStatus.PERSUADING, CaseStatus.PERSUADING,
                                             CaseStatus.PERSUADING, CaseStatus.PERSUADING, CaseStatus.PERSUADING,
                                             CaseStatus.RETURNED, CaseStatus.CLOSED);
    }

    @Test
    void aRelapse_startsANewEpisode_andMarksTheReturnItEnded() {
        List<CaseEvent> events = new ArrayList<>(CaseEvents.walk(CASE_ID, ID_NUMBER).subList(0, 9));
        events.add(new RelapseRecorded(CASE_ID, LocalDate.of(2026, 6, 1), 2, CaseStatus.PERSUADING, "再次辍学"));
        CaseFile file = foldAll(events);

        assertThat(file.status()).isEqualTo(CaseStatus.PERSUADING);
        assertThat(file.episode()).isEqualTo(2);
        assertThat(file.relapses()).isEqualTo(1);
        assertThat(file.persuadingSince()).isEqualTo(LocalDate.of(2026, 6, 1));
        assertThat(file.lastReturn().relapsedOn()).isEqualTo(LocalDate.of(2026, 6, 1));
    }

    @Test
    void reopeningACrossedOffCase_countsAsARelapse_andLeavesTheCrossOffOnRecord() {
        List<CaseEvent> events = new ArrayList<>(CaseEvents.walk(CASE_ID, ID_NUMBER));
        events.add(new CaseReopened(CASE_ID, LocalDate.of(2026, 10, 8), "再次辍学", CaseStatus.PERSUADING, 2));
        CaseFile file = foldAll(events);

        assertThat(file.status()).isEqualTo(CaseStatus.PERSUADING);
        assertThat(file.closingCategory()).isNull();
        assertThat(file.relapses()).isEqualTo(1);
        assertThat(file.reopenings()).isEqualTo(1);
        assertThat(file.lastReturn().crossedOffOn()).isEqualTo(LocalDate.of(2026, 9, 15));
        assertThat(file.lastReturn().relapsedOn()).isEqualTo(LocalDate.of(2026, 10, 8));
    }

    @Test
    void homeTeaching_countsSessionsAgainstTheWeeklyRate() {
        List<CaseEvent> events = new ArrayList<>(CaseEvents.walk(CASE_ID, ID_NUMBER).subList(0, 2));
        events.add(new DisabilityRecorded(CASE_ID, LocalDate.of(2026, 3, 21), DisabilityCategory.PHYSICAL,
                                          DisabilityLevel.LEVEL_1, null));
        events.add(new HomeTeachingArranged(CASE_ID, List.of("周晓梅", "谭明远"), "青禾乡中心小学", 2, 3,
                                            LocalDate.of(2026, 3, 23)));
        events.add(new HomeTeachingSessionDelivered(CASE_ID, "s1", LocalDate.of(2026, 3, 25), List.of("周晓梅"), 3, "识字"));
        events.add(new HomeTeachingSessionDelivered(CASE_ID, "s2", LocalDate.of(2026, 3, 27), List.of("谭明远"), 2, "康复"));
        CaseFile file = foldAll(events);

        assertThat(file.status()).isEqualTo(CaseStatus.HOME_TEACHING);
        assertThat(file.disabilityLevel()).isEqualTo(DisabilityLevel.LEVEL_1);
        CaseFile.HomeTeaching plan = file.homeTeaching();
        assertThat(plan.sessionsDelivered()).isEqualTo(2);
        assertThat(plan.periodsDelivered()).isEqualTo(5);
        assertThat(plan.lastSessionOn()).isEqualTo(LocalDate.of(2026, 3, 27));
        assertThat(plan.sessionsRequiredBy(LocalDate.of(2026, 3, 29))).isZero();
        assertThat(plan.sessionsRequiredBy(LocalDate.of(2026, 3, 30))).isEqualTo(2);
        assertThat(plan.sessionsRequiredBy(LocalDate.of(2026, 4, 13))).isEqualTo(6);
        assertThat(plan.sessionsRequiredBy(LocalDate.of(2026, 3, 1))).isZero();
    }

    @Test
    void aChildWhoNeverEnrolled_hasNoLastSchool() {
        CaseIdentified identified = CaseEvents.identified(CASE_ID, ID_NUMBER);
        CaseIdentified neverEnrolled = new CaseIdentified(CASE_ID, identified.source(), identified.sourceNote(),
                                                          identified.identifiedOn(), identified.student(),
                                                          identified.household(), null, List.of(),
                                                          identified.suspectedReasons());
        CaseFile file = foldAll(List.of(neverEnrolled));

        assertThat(file.lastSchoolName()).isNull();
        assertThat(file.grade()).isNull();
        assertThat(file.schoolLevel()).isNull();
        assertThat(file.priorityCategories()).isEmpty();
        assertThat(file.status()).isEqualTo(CaseStatus.IDENTIFIED);
    }

    @Test
    void aSpecialSituationClosure_isKeptWithItsCategory() {
        List<CaseEvent> events = new ArrayList<>(CaseEvents.walk(CASE_ID, ID_NUMBER).subList(0, 3));
        events.add(new CaseClosed(CASE_ID, LocalDate.of(2026, 4, 1), ClosingCategory.ABROAD, List.of(), "随父母出国"));
        CaseFile file = foldAll(events);

        assertThat(file.isOpen()).isFalse();
        assertThat(file.closingCategory()).isEqualTo(ClosingCategory.ABROAD);
        assertThat(file.closedOn()).isEqualTo(LocalDate.of(2026, 4, 1));
    }

    @Test
    void aCopy_isTheSameFileInItsStoredForm_andSharesNothingWithIt() {
        List<CaseEvent> events = CaseEvents.everyType(CASE_ID, ID_NUMBER);
        CaseFile file = foldAll(events);
        CaseFile copy = CaseFileCodec.copy(file);

        assertThat(copy).isNotSameAs(file);
        assertThat(CaseFileCodec.toDocument(copy)).isEqualTo(CaseFileCodec.toDocument(file));
        // The fold copies the file before it applies the next event: the file before must not change with it.
        var before = CaseFileCodec.toDocument(file);
        CaseFile.fold(file, stored(events).get(events.size() - 1));
        assertThat(CaseFileCodec.toDocument(file)).isEqualTo(before);
    }

    @Test
    void theStoredForm_readsBackToTheSameFile_andHoldsNoFullIdentifier() {
        CaseFile file = foldAll(CaseEvents.everyType(CASE_ID, ID_NUMBER));
        var document = CaseFileCodec.toDocument(file);
        CaseFile read = CaseFileCodec.fromDocument(org.bson.Document.parse(document.toJson()));

        assertThat(CaseFileCodec.toDocument(read)).isEqualTo(CaseFileCodec.toDocument(file));
        assertThat(document.toJson()).doesNotContain(ID_NUMBER, CaseEvents.TEACHER_PHONE, CaseEvents.CADRE_PHONE,
                                                     CaseEvents.GUARDIAN_PHONE);
    }

    @Test
    void aTransfer_movesTheCaseToTheReceivingRegionAndSchool_andIsListed() {
        List<CaseEvent> events = new ArrayList<>(CaseEvents.walk(CASE_ID, ID_NUMBER).subList(0, 4));
        events.add(CaseEvents.transferred(CASE_ID, "430182101201", new ReceivingSchool("白沙镇中学", "2143000007")));
        CaseFile file = foldAll(events);

        assertThat(file.villageCode()).isEqualTo("430182101201");
        assertThat(file.townCode()).isEqualTo("430182101");
        assertThat(file.countyCode()).isEqualTo("430182");
        assertThat(file.lastSchoolCode()).isEqualTo("2143000007");
        assertThat(file.lastSchoolName()).isEqualTo("白沙镇中学");
        assertThat(file.grade()).isEqualTo(Grade.GRADE_6);
        assertThat(file.status()).isEqualTo(CaseStatus.PERSUADING);
        assertThat(file.transfers()).hasSize(1);
        CaseFile.Transfer transfer = file.lastTransfer();
        assertThat(transfer.kind()).isEqualTo(TransferKind.HOUSEHOLD_MOVED);
        assertThat(transfer.transferredOn()).isEqualTo(LocalDate.of(2026, 7, 5));
        assertThat(transfer.fromVillageCode()).isEqualTo("430181105203");
        assertThat(transfer.fromTownCode()).isEqualTo("430181105");
        assertThat(transfer.fromCountyCode()).isEqualTo("430181");
        assertThat(transfer.toTownCode()).isEqualTo("430182101");
        assertThat(transfer.byUnit()).isEqualTo("430181105");
        assertThat(transfer.leaves("430181")).isTrue();
        assertThat(transfer.enters("430182")).isTrue();
        assertThat(transfer.enters("430181")).isFalse();

        CaseFile read = CaseFileCodec.fromDocument(org.bson.Document.parse(CaseFileCodec.toDocument(file).toJson()));
        assertThat(read.transfers()).isEqualTo(file.transfers());
    }
}
