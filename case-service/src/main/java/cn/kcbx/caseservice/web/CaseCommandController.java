package cn.kcbx.caseservice.web;

import cn.kcbx.caseservice.command.CaseCommandService;
import cn.kcbx.caseservice.command.CommandOutcome;
import cn.kcbx.caseservice.intake.IntakeSealingKey;
import cn.kcbx.kernel.actor.Actor;
import cn.kcbx.kernel.dropoutcase.CaseCommand;
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
import cn.kcbx.web.CurrentUser;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.UUID;

/**
 * One endpoint per step of a case's life (docs/domain.md §8). Each takes the command's fields as JSON (the case id
 * comes from
 * the path) and the {@link ClientRequest} headers (an optional client-generated {@code X-Request-Id} makes retries
 * safe), and answers with the case id.
 */
@RestController
@RequestMapping(path = "/api/cases", produces = "application/json")
@Tag(name = "案件命令", description = "疑似辍学学生案件的各办理环节")
class CaseCommandController {

    private final CaseCommandService commands;
    private final CurrentUser currentUser;
    private final ObjectMapper objectMapper;
    private final SealedStudentBody sealedStudents;

    CaseCommandController(CaseCommandService commands, CurrentUser currentUser, ObjectMapper objectMapper,
                          IntakeSealingKey intakeSealingKey) {
        this.commands = commands;
        this.currentUser = currentUser;
        this.objectMapper = objectMapper;
        this.sealedStudents = new SealedStudentBody(intakeSealingKey, objectMapper);
    }

    @PostMapping(consumes = "application/json")
    @Operation(summary = "登记疑似辍学学生（开案）", description = "同一学生已有未结案件时返回 409 DUPLICATE_OPEN_CASE；"
            + "该案件不在本人管辖范围内时不告知其案件编号。每次此类拒绝均记入访问日志。"
            + "手机离线暂存的登记可不带 student，改带 sealedStudent（学生身份信息用 GET /api/intake/sealing-key "
            + "的公钥加密，手机上不留可读的身份证号）：{\"keyId\", \"wrappedKey\", \"iv\", \"ciphertext\"}，"
            + "服务器解密后按普通登记办理")
    @ApiResponse(responseCode = "201", description = "已开案")
    @ApiResponse(responseCode = "200", description = "同一请求编号的重复提交：返回首次结果，未重复登记")
    @ApiResponse(responseCode = "400", description = "输入有误；同时提交 student 和 sealedStudent（STUDENT_SEALED_AND_PLAIN）；"
            + "sealedStudent 格式不正确、已损坏或被改动（SEALED_STUDENT_INVALID）")
    @ApiResponse(responseCode = "422", description = "sealedStudent 是用服务器已不再使用的密钥加密的（SEALING_KEY_UNKNOWN）等")
    ResponseEntity<CommandOutcome> identify(@RequestBody @Schema(implementation = IdentifyCase.class) ObjectNode body,
                                            @Parameter(hidden = true) ClientRequest request)
            throws JsonProcessingException {
        Actor actor = currentUser.require();
        IdentifyCase command = command(UUID.randomUUID().toString(), sealedStudents.opened(body), IdentifyCase.class);
        CommandOutcome outcome = commands.identify(command, request.requestId(), actor, request.origin());
        if (outcome.replayed()) {
            return ResponseEntity.ok(outcome);
        }
        return ResponseEntity.created(URI.create("/api/cases/" + outcome.caseId() + "/events")).body(outcome);
    }

    @PostMapping(path = "/{caseId}/verification/confirm", consumes = "application/json")
    @Operation(summary = "核实：确认辍学")
    CommandOutcome confirm(@PathVariable String caseId, @RequestBody @Schema(implementation = ConfirmDropout.class) ObjectNode body,
                   @Parameter(hidden = true) ClientRequest request) throws JsonProcessingException {
        return execute(caseId, body, ConfirmDropout.class, request);
    }

    @PostMapping(path = "/{caseId}/verification/not-dropout", consumes = "application/json")
    @Operation(summary = "核实：非辍学或特殊情况，附佐证材料后结案")
    CommandOutcome notDropout(@PathVariable String caseId, @RequestBody @Schema(implementation = CloseAsNotDropout.class) ObjectNode body,
                   @Parameter(hidden = true) ClientRequest request) throws JsonProcessingException {
        return execute(caseId, body, CloseAsNotDropout.class, request);
    }

    @PostMapping(path = "/{caseId}/verification/recheck", consumes = "application/json")
    @Operation(summary = "核实：失踪失联或查无此人，下学期复查")
    CommandOutcome recheck(@PathVariable String caseId, @RequestBody @Schema(implementation = ScheduleRecheck.class) ObjectNode body,
                   @Parameter(hidden = true) ClientRequest request) throws JsonProcessingException {
        return execute(caseId, body, ScheduleRecheck.class, request);
    }

    @PostMapping(path = "/{caseId}/trio", consumes = "application/json")
    @Operation(summary = "指定“三帮一”人员（教师、村干部、家长）",
               description = "assignedOn 为落实日期（必填）：不能晚于今天，不能早于案件确认辍学的日期"
                       + "（否则 422 DATE_BEFORE_CURRENT_STATUS）；补录往年台账时填写实际落实的日期")
    CommandOutcome assignTrio(@PathVariable String caseId, @RequestBody @Schema(implementation = AssignTrio.class) ObjectNode body,
                   @Parameter(hidden = true) ClientRequest request) throws JsonProcessingException {
        return execute(caseId, body, AssignTrio.class, request);
    }

    @PostMapping(path = "/{caseId}/trio/replacements", consumes = "application/json")
    @Operation(summary = "更换“三帮一”人员",
               description = "replacedOn 为更换日期（必填）：不能晚于今天，不能早于帮扶人的落实日期"
                       + "（422 REPLACED_BEFORE_ASSIGNED），也不能早于同一角色上一次更换的日期"
                       + "（422 REPLACED_BEFORE_PREVIOUS_REPLACEMENT）")
    CommandOutcome replaceTrioMember(@PathVariable String caseId, @RequestBody @Schema(implementation = ReplaceTrioMember.class) ObjectNode body,
                   @Parameter(hidden = true) ClientRequest request) throws JsonProcessingException {
        return execute(caseId, body, ReplaceTrioMember.class, request);
    }

    @PostMapping(path = "/{caseId}/visits", consumes = "application/json")
    @Operation(summary = "登记劝返走访", description = "visitId 由客户端生成；离线补传同一走访不会重复登记。"
            + "按走访日期当天的案件状态判断：走访日期案件处于“劝返中”的，即使此后已登记返校或已销号，仍可补录；"
            + "走访日期案件不在“劝返中”的（如尚未落实帮扶人）返回 422 STATUS_NOT_ALLOWED_ON_DATE")
    CommandOutcome logVisit(@PathVariable String caseId, @RequestBody @Schema(implementation = LogVisit.class) ObjectNode body,
                   @Parameter(hidden = true) ClientRequest request) throws JsonProcessingException {
        return execute(caseId, body, LogVisit.class, request);
    }

    @PostMapping(path = "/{caseId}/legal/criticism", consumes = "application/json")
    @Operation(summary = "依法控辍：批评教育")
    CommandOutcome criticism(@PathVariable String caseId, @RequestBody @Schema(implementation = RecordCriticismEducation.class) ObjectNode body,
                   @Parameter(hidden = true) ClientRequest request) throws JsonProcessingException {
        return execute(caseId, body, RecordCriticismEducation.class, request);
    }

    @PostMapping(path = "/{caseId}/legal/correction-orders", consumes = "application/json")
    @Operation(summary = "依法控辍：下达责令限期改正通知书")
    CommandOutcome correctionOrder(@PathVariable String caseId, @RequestBody @Schema(implementation = IssueCorrectionOrder.class) ObjectNode body,
                   @Parameter(hidden = true) ClientRequest request) throws JsonProcessingException {
        return execute(caseId, body, IssueCorrectionOrder.class, request);
    }

    @PostMapping(path = "/{caseId}/legal/served-documents", consumes = "application/json")
    @Operation(summary = "依法控辍：文书送达")
    CommandOutcome documentServed(@PathVariable String caseId, @RequestBody @Schema(implementation = RecordDocumentServed.class) ObjectNode body,
                   @Parameter(hidden = true) ClientRequest request) throws JsonProcessingException {
        return execute(caseId, body, RecordDocumentServed.class, request);
    }

    @PostMapping(path = "/{caseId}/legal/judicial-interventions", consumes = "application/json")
    @Operation(summary = "依法控辍：司法介入")
    CommandOutcome judicialIntervention(@PathVariable String caseId, @RequestBody @Schema(implementation = RecordJudicialIntervention.class) ObjectNode body,
                   @Parameter(hidden = true) ClientRequest request) throws JsonProcessingException {
        return execute(caseId, body, RecordJudicialIntervention.class, request);
    }

    @PostMapping(path = "/{caseId}/legal/lawsuits", consumes = "application/json")
    @Operation(summary = "依法控辍：提起诉讼")
    CommandOutcome lawsuitFiled(@PathVariable String caseId, @RequestBody @Schema(implementation = RecordLawsuitFiled.class) ObjectNode body,
                   @Parameter(hidden = true) ClientRequest request) throws JsonProcessingException {
        return execute(caseId, body, RecordLawsuitFiled.class, request);
    }

    @PostMapping(path = "/{caseId}/legal/lawsuit-outcome", consumes = "application/json")
    @Operation(summary = "依法控辍：诉讼结果（调解、判决、撤诉）")
    CommandOutcome lawsuitOutcome(@PathVariable String caseId, @RequestBody @Schema(implementation = RecordLawsuitOutcome.class) ObjectNode body,
                   @Parameter(hidden = true) ClientRequest request) throws JsonProcessingException {
        return execute(caseId, body, RecordLawsuitOutcome.class, request);
    }

    @PostMapping(path = "/{caseId}/return", consumes = "application/json")
    @Operation(summary = "学校登记返校", description = "返校后进入观察期，观察期满方可销号。学校只能登记返回本校（schoolCode 为本校"
            + "学校标识码或不填），返回其他学校的由乡镇或县教育局登记，否则返回 403 RETURN_TO_OTHER_SCHOOL")
    CommandOutcome returnToSchool(@PathVariable String caseId, @RequestBody @Schema(implementation = RecordReturnToSchool.class) ObjectNode body,
                   @Parameter(hidden = true) ClientRequest request) throws JsonProcessingException {
        return execute(caseId, body, RecordReturnToSchool.class, request);
    }

    @PostMapping(path = "/{caseId}/relapses", consumes = "application/json")
    @Operation(summary = "观察期内再次辍学（复辍），回到劝返")
    CommandOutcome relapse(@PathVariable String caseId, @RequestBody @Schema(implementation = RecordRelapse.class) ObjectNode body,
                   @Parameter(hidden = true) ClientRequest request) throws JsonProcessingException {
        return execute(caseId, body, RecordRelapse.class, request);
    }

    @PostMapping(path = "/{caseId}/cross-off", consumes = "application/json")
    @Operation(summary = "销号（劝返一个销号一个）")
    CommandOutcome crossOff(@PathVariable String caseId, @RequestBody @Schema(implementation = CrossOff.class) ObjectNode body,
                   @Parameter(hidden = true) ClientRequest request) throws JsonProcessingException {
        return execute(caseId, body, CrossOff.class, request);
    }

    @PostMapping(path = "/{caseId}/disability", consumes = "application/json")
    @Operation(summary = "登记残疾情况（送教上门的前提）",
               description = "verifiedOn 为残疾情况核实日期（必填）：案件得知并核实残疾情况的日期，不是残疾证的发证日期；"
                       + "不能晚于今天，不能早于案件发现日期。送教开始日期不能早于最早的核实日期")
    CommandOutcome disability(@PathVariable String caseId, @RequestBody @Schema(implementation = RecordDisability.class) ObjectNode body,
                   @Parameter(hidden = true) ClientRequest request) throws JsonProcessingException {
        return execute(caseId, body, RecordDisability.class, request);
    }

    @PostMapping(path = "/{caseId}/home-teaching", consumes = "application/json")
    @Operation(summary = "安排送教上门")
    CommandOutcome arrangeHomeTeaching(@PathVariable String caseId, @RequestBody @Schema(implementation = ArrangeHomeTeaching.class) ObjectNode body,
                   @Parameter(hidden = true) ClientRequest request) throws JsonProcessingException {
        return execute(caseId, body, ArrangeHomeTeaching.class, request);
    }

    @PostMapping(path = "/{caseId}/home-teaching/sessions", consumes = "application/json")
    @Operation(summary = "登记一次送教上门")
    CommandOutcome homeTeachingSession(@PathVariable String caseId, @RequestBody @Schema(implementation = RecordHomeTeachingSession.class) ObjectNode body,
                   @Parameter(hidden = true) ClientRequest request) throws JsonProcessingException {
        return execute(caseId, body, RecordHomeTeachingSession.class, request);
    }

    @PostMapping(path = "/{caseId}/corrections/date", consumes = "application/json")
    @Operation(summary = "更正一条记录的业务日期（不修改原记录，另记一条更正：谁、何时、为何）",
               description = "sequence 为要更正的记录在案件时间线上的编号；更正后的日期须与案件其他日期的先后相符，"
                       + "如同当初登记这一步时一样。乡镇、县级账号办理。")
    CommandOutcome correctDate(@PathVariable String caseId, @RequestBody @Schema(implementation = CorrectStepDate.class) ObjectNode body,
                   @Parameter(hidden = true) ClientRequest request) throws JsonProcessingException {
        return execute(caseId, body, CorrectStepDate.class, request);
    }

    @PostMapping(path = "/{caseId}/close", consumes = "application/json")
    @Operation(summary = "结案（特殊情况，须附佐证材料）")
    CommandOutcome close(@PathVariable String caseId, @RequestBody @Schema(implementation = CloseCase.class) ObjectNode body,
                   @Parameter(hidden = true) ClientRequest request) throws JsonProcessingException {
        return execute(caseId, body, CloseCase.class, request);
    }

    @PostMapping(path = "/{caseId}/reopen", consumes = "application/json")
    @Operation(summary = "重新开案", description = "该学生已有其他未结案件时返回 409 DUPLICATE_OPEN_CASE")
    CommandOutcome reopen(@PathVariable String caseId, @RequestBody @Schema(implementation = ReopenCase.class) ObjectNode body,
                          @Parameter(hidden = true) ClientRequest request) throws JsonProcessingException {
        Actor actor = currentUser.require();
        ReopenCase command = command(caseId, body, ReopenCase.class);
        return commands.reopen(command, request.requestId(), actor, request.origin());
    }

    @PostMapping(path = "/{caseId}/transfer", consumes = "application/json")
    @Operation(summary = "移交案件（户籍迁移、学籍转移）",
               description = "由案件当前所在乡镇或县级经办人员办理，可移交至其他乡镇或其他县；移交后由接收方办理，"
                       + "原所在村、乡镇（及原学校，学籍转移时）不能再办理该案件。仅限未结案案件。")
    CommandOutcome transfer(@PathVariable String caseId, @RequestBody @Schema(implementation = TransferCase.class) ObjectNode body,
                            @Parameter(hidden = true) ClientRequest request) throws JsonProcessingException {
        return execute(caseId, body, TransferCase.class, request);
    }

    private CommandOutcome execute(String caseId, ObjectNode body, Class<? extends CaseCommand> type,
                                   ClientRequest request) throws JsonProcessingException {
        Actor actor = currentUser.require();
        CaseCommand command = command(caseId, body, type);
        return commands.execute(command, request.requestId(), actor, request.origin());
    }

    /** The command from the body's fields and the path's case id (a case id in the body is ignored). */
    private <T> T command(String caseId, ObjectNode body, Class<T> type) throws JsonProcessingException {
        ObjectNode fields = body.deepCopy();
        fields.put("caseId", caseId);
        return objectMapper.treeToValue(fields, type);
    }
}
