package cn.kcbx.caseservice.web;

import cn.kcbx.kernel.dropoutcase.closure.CloseCase;
import cn.kcbx.kernel.dropoutcase.closure.ReopenCase;
import cn.kcbx.kernel.dropoutcase.correction.CorrectStepDate;
import cn.kcbx.kernel.dropoutcase.disability.RecordDisability;
import cn.kcbx.kernel.dropoutcase.hometeaching.ArrangeHomeTeaching;
import cn.kcbx.kernel.dropoutcase.hometeaching.RecordHomeTeachingSession;
import cn.kcbx.kernel.dropoutcase.identification.IdentifyCase;
import cn.kcbx.kernel.dropoutcase.legal.IssueCorrectionOrder;
import cn.kcbx.kernel.dropoutcase.legal.RecordCriticismEducation;
import cn.kcbx.kernel.dropoutcase.legal.RecordDocumentServed;
import cn.kcbx.kernel.dropoutcase.legal.RecordJudicialIntervention;
import cn.kcbx.kernel.dropoutcase.legal.RecordLawsuitFiled;
import cn.kcbx.kernel.dropoutcase.legal.RecordLawsuitOutcome;
import cn.kcbx.kernel.dropoutcase.returning.CrossOff;
import cn.kcbx.kernel.dropoutcase.returning.RecordRelapse;
import cn.kcbx.kernel.dropoutcase.returning.RecordReturnToSchool;
import cn.kcbx.kernel.dropoutcase.transfer.TransferCase;
import cn.kcbx.kernel.dropoutcase.trio.AssignTrio;
import cn.kcbx.kernel.dropoutcase.trio.ReplaceTrioMember;
import cn.kcbx.kernel.dropoutcase.verification.CloseAsNotDropout;
import cn.kcbx.kernel.dropoutcase.verification.ConfirmDropout;
import cn.kcbx.kernel.dropoutcase.verification.ScheduleRecheck;
import cn.kcbx.kernel.dropoutcase.visit.LogVisit;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Every command endpoint of the API: its path under {@code /api/cases/{caseId}} (identification has none), the
 * kernel command it takes, and a well-formed body (valid on its own; whether the case accepts it depends on its
 * state).
 */
enum Endpoint {
    IDENTIFY(null, IdentifyCase.class, () -> ApiData.identify(ApiData.newStudent(), "2026-09-10")),
    CONFIRM("/verification/confirm", ConfirmDropout.class, () -> ApiData.confirm("2026-09-20")),
    NOT_DROPOUT("/verification/not-dropout", CloseAsNotDropout.class,
                () -> ApiData.notDropout("2026-09-20", "ENROLLED_IN_PROVINCE")),
    RECHECK("/verification/recheck", ScheduleRecheck.class, () -> ApiData.recheck("2026-09-20")),
    TRIO("/trio", AssignTrio.class, () -> ApiData.trio("2026-09-20")),
    TRIO_REPLACEMENT("/trio/replacements", ReplaceTrioMember.class,
                     () -> ApiData.replaceTrioMember("2026-09-21", "GUARDIAN",
                                                     ApiData.helper("林小芳", "母亲", "13700000304"))),
    VISIT("/visits", LogVisit.class, () -> ApiData.visit("2026-09-20")),
    CRITICISM("/legal/criticism", RecordCriticismEducation.class, () -> ApiData.criticism("2026-09-20")),
    CORRECTION_ORDER("/legal/correction-orders", IssueCorrectionOrder.class,
                     () -> ApiData.correctionOrder("青禾乡政责〔2026〕9号", "2026-09-21", "2026-10-01")),
    DOCUMENT_SERVED("/legal/served-documents", RecordDocumentServed.class,
                    () -> ApiData.documentServed("青禾乡政责〔2026〕9号", "2026-09-22")),
    JUDICIAL_INTERVENTION("/legal/judicial-interventions", RecordJudicialIntervention.class,
                          () -> ApiData.judicialIntervention("2026-10-05")),
    LAWSUIT("/legal/lawsuits", RecordLawsuitFiled.class, () -> ApiData.lawsuit("2026-10-08")),
    LAWSUIT_OUTCOME("/legal/lawsuit-outcome", RecordLawsuitOutcome.class, () -> ApiData.lawsuitOutcome("2026-10-20")),
    RETURN("/return", RecordReturnToSchool.class, () -> ApiData.returnToSchool("2026-10-22")),
    RELAPSE("/relapses", RecordRelapse.class, () -> ApiData.relapse("2026-10-30")),
    CROSS_OFF("/cross-off", CrossOff.class, () -> ApiData.crossOff("2026-11-02")),
    DISABILITY("/disability", RecordDisability.class, () -> ApiData.disability("2026-09-12")),
    HOME_TEACHING("/home-teaching", ArrangeHomeTeaching.class, () -> ApiData.homeTeaching("2026-09-14")),
    HOME_TEACHING_SESSION("/home-teaching/sessions", RecordHomeTeachingSession.class,
                          () -> ApiData.homeTeachingSession(UUID.randomUUID().toString(), "2026-09-16")),
    CLOSE("/close", CloseCase.class, () -> ApiData.close("2026-10-30", "ABROAD")),
    REOPEN("/reopen", ReopenCase.class, () -> ApiData.reopen("2026-11-05")),
    TRANSFER("/transfer", TransferCase.class, () -> ApiData.transfer("2026-09-25", ApiData.OTHER_TOWN_VILLAGE_CODE)),
    CORRECT_DATE("/corrections/date", CorrectStepDate.class, () -> ApiData.correctDate(0, "2026-08-31"));

    private final String suffix;
    private final Class<? extends Record> command;
    private final Supplier<ObjectNode> validBody;

    Endpoint(String suffix, Class<? extends Record> command, Supplier<ObjectNode> validBody) {
        this.suffix = suffix;
        this.command = command;
        this.validBody = validBody;
    }

    /** The request path for a case (ignored by identification). */
    String path(String caseId) {
        return suffix == null ? ApiTestBase.CASES : ApiTestBase.path(caseId, suffix);
    }

    /** The path as the OpenAPI document names it. */
    String documentedPath() {
        return suffix == null ? ApiTestBase.CASES : ApiTestBase.CASES + "/{caseId}" + suffix;
    }

    Class<? extends Record> command() {
        return command;
    }

    ObjectNode validBody() {
        return validBody.get();
    }

    /** The body's fields: the command's record components except {@code caseId}, which comes from the path. */
    List<String> fields() {
        return Arrays.stream(command.getRecordComponents()).map(java.lang.reflect.RecordComponent::getName)
                     .filter(name -> !name.equals("caseId")).toList();
    }
}
