package cn.kcbx.caseservice.web;

import cn.kcbx.caseservice.command.CaseNotFoundException;
import cn.kcbx.caseservice.command.CommandMetaData;
import cn.kcbx.caseservice.storedcase.StoredCase;
import cn.kcbx.caseservice.storedcase.StoredCases;
import cn.kcbx.kernel.access.CaseScope;
import cn.kcbx.kernel.access.Jurisdiction;
import cn.kcbx.kernel.actor.Actor;
import cn.kcbx.kernel.dropoutcase.Checks;
import cn.kcbx.web.ApiError;
import cn.kcbx.web.CurrentUser;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.eventhandling.DomainEventMessage;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A case's events as stored, in order, with who recorded each, when and from where: the audit trail of the case and
 * the way to check a command's effect before the read side (ledgers, dashboards) exists. Only for users whose
 * jurisdiction covers the case, and with personal identifiers masked.
 */
@RestController
@RequestMapping(path = "/api/cases", produces = "application/json")
@Tag(name = "案件记录", description = "案件的完整事件记录（审计）")
class CaseHistoryController {

    /** One stored event of a case. */
    record CaseEventView(long sequence, String type, Instant recordedAt, Map<String, Object> recordedBy,
                         JsonNode data) {
    }

    private final MaskedEventData masking = new MaskedEventData();
    private final StoredCases storedCases;
    private final CurrentUser currentUser;

    CaseHistoryController(StoredCases storedCases, CurrentUser currentUser) {
        this.storedCases = storedCases;
        this.currentUser = currentUser;
    }

    @GetMapping("/{caseId}/events")
    @Operation(summary = "案件事件记录", description = "按发生顺序列出案件的全部事件及操作人、时间、来源。仅案件所在村、乡镇、县"
            + "及学生原就读或返校学校的账号可查看；身份证号、学籍号、电话已脱敏，完整信息请在案件详情中查看"
            + "（GET /api/cases/{caseId}/personal-data，留痕）")
    @ApiResponse(responseCode = "200", description = "事件记录")
    @ApiResponse(responseCode = "403", description = "案件不在管辖范围内（OUT_OF_JURISDICTION）",
                 content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(responseCode = "404", description = "案件不存在",
                 content = @Content(schema = @Schema(implementation = ApiError.class)))
    List<CaseEventView> events(@PathVariable String caseId) {
        Actor actor = currentUser.require();
        Checks.uuid(caseId, "caseId", "案件编号");
        StoredCase stored = storedCases.read(caseId);
        // Only the case's own village, town, county or school reads its history (after a transfer: the receiver's).
        CaseScope scope = stored.scope();
        if (scope == null) {
            throw new CaseNotFoundException(caseId);
        }
        Jurisdiction.requireCase(actor, scope);
        return stored.messages().stream().map(this::view).toList();
    }

    private CaseEventView view(DomainEventMessage<?> event) {
        Map<String, Object> recordedBy = new java.util.LinkedHashMap<>();
        for (String key : List.of(CommandMetaData.ACTOR_ID, CommandMetaData.ACTOR_ROLE, CommandMetaData.ACTOR_UNIT,
                                  CommandMetaData.CHANNEL, CommandMetaData.ORIGIN, CommandMetaData.REQUEST_ID)) {
            Object value = event.getMetaData().get(key);
            if (value != null) {
                recordedBy.put(key, value);
            }
        }
        return new CaseEventView(event.getSequenceNumber(), event.getPayloadType().getSimpleName(),
                                 event.getTimestamp(), recordedBy, masking.of(event.getPayload()));
    }
}
