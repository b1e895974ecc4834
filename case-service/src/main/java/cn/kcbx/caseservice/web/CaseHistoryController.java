package cn.kcbx.caseservice.web;

import cn.kcbx.caseservice.command.CaseNotFoundException;
import cn.kcbx.caseservice.command.CommandMetaData;
import cn.kcbx.web.CurrentUser;
import cn.kcbx.kernel.contact.MobileNumber;
import cn.kcbx.kernel.dropoutcase.Checks;
import cn.kcbx.kernel.jackson.KernelJackson;
import cn.kcbx.kernel.student.IdNumber;
import cn.kcbx.kernel.student.StudentNumber;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A case's events as stored, in order, with who recorded each, when and from where: the audit trail of the case and
 * the way to check a command's effect before the read side (ledgers, dashboards) exists.
 */
@RestController
@RequestMapping(path = "/api/cases", produces = "application/json")
@Tag(name = "案件记录", description = "案件的完整事件记录（审计）")
class CaseHistoryController {

    /** One stored event of a case. */
    record CaseEventView(long sequence, String type, Instant recordedAt, Map<String, Object> recordedBy,
                         Object data) {
    }

    /**
     * The events' JSON with ID numbers, student numbers and mobile numbers masked (their {@code toString()}): the
     * trail is a list like any other, the full values are shown only by the audited reveal.
     */
    private static final ObjectMapper MASKED = KernelJackson.newMapper().registerModule(
            new SimpleModule("masked-identifiers").addSerializer(IdNumber.class, ToStringSerializer.instance)
                                                  .addSerializer(StudentNumber.class, ToStringSerializer.instance)
                                                  .addSerializer(MobileNumber.class, ToStringSerializer.instance));

    private final EventStorageEngine eventStorage;
    private final CurrentUser currentUser;

    CaseHistoryController(EventStorageEngine eventStorage, CurrentUser currentUser) {
        this.eventStorage = eventStorage;
        this.currentUser = currentUser;
    }

    @GetMapping("/{caseId}/events")
    @Operation(summary = "案件事件记录",
               description = "按发生顺序列出案件的全部事件及操作人、时间、来源；身份证号、学籍号、手机号脱敏显示，"
                       + "完整信息请在案件详情中查看（GET /api/cases/{caseId}/personal-data，留痕）")
    List<CaseEventView> events(@PathVariable String caseId) {
        currentUser.require();
        Checks.uuid(caseId, "caseId", "案件编号");
        List<CaseEventView> events = eventStorage.readEvents(caseId).asStream().map(CaseHistoryController::view)
                                                 .toList();
        if (events.isEmpty()) {
            throw new CaseNotFoundException(caseId);
        }
        return events;
    }

    private static CaseEventView view(DomainEventMessage<?> event) {
        Map<String, Object> recordedBy = new java.util.LinkedHashMap<>();
        for (String key : List.of(CommandMetaData.ACTOR_ID, CommandMetaData.ACTOR_ROLE, CommandMetaData.ACTOR_UNIT,
                                  CommandMetaData.CHANNEL, CommandMetaData.ORIGIN, CommandMetaData.REQUEST_ID)) {
            Object value = event.getMetaData().get(key);
            if (value != null) {
                recordedBy.put(key, value);
            }
        }
        return new CaseEventView(event.getSequenceNumber(), event.getPayloadType().getSimpleName(),
                                 event.getTimestamp(), recordedBy, MASKED.valueToTree(event.getPayload()));
    }
}
