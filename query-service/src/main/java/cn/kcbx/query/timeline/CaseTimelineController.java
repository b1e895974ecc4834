package cn.kcbx.query.timeline;

import cn.kcbx.kernel.access.Jurisdiction;
import cn.kcbx.kernel.actor.Actor;
import cn.kcbx.kernel.dropoutcase.Checks;
import cn.kcbx.query.casefile.CaseFile;
import cn.kcbx.query.casefile.CaseFiles;
import cn.kcbx.web.ApiError;
import cn.kcbx.web.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The case timeline: every event of one case in order, with actor and time. */
@RestController
@RequestMapping(path = "/api/cases", produces = "application/json")
@Tag(name = "案件时间线", description = "案件的全部事件（按发生顺序），含操作人、时间和来源；个人身份信息已脱敏")
class CaseTimelineController {

    /** A case's timeline. */
    record CaseTimeline(String caseId, List<Entry> entries) {
    }

    /**
     * One event of the case.
     *
     * @param sequence   0, 1, 2 … within the case
     * @param position   global position in the event store
     * @param type       event type, e.g. {@code VisitLogged}
     * @param label      its Chinese name, e.g. 劝返走访
     * @param recordedAt when it was stored
     * @param actor      who recorded it: {@code id}, {@code role}, {@code unit}
     * @param channel    web, mobile, import or api
     * @param requestId  the client request that recorded it
     * @param data       the event's fields; ID numbers and phone numbers masked
     */
    record Entry(long sequence, long position, String type, String label, Instant recordedAt, Map<String, Object> actor,
                 String channel, String requestId, Map<String, Object> data) {
    }

    private final CaseTimelineQuery query;
    private final CaseFiles caseFiles;
    private final CurrentUser currentUser;

    CaseTimelineController(CaseTimelineQuery query, CaseFiles caseFiles, CurrentUser currentUser) {
        this.query = query;
        this.caseFiles = caseFiles;
        this.currentUser = currentUser;
    }

    @GetMapping("/{caseId}/timeline")
    @Operation(summary = "案件时间线", description = "按发生顺序列出案件的全部事件及操作人、时间、来源。读侧数据，"
            + "比写入晚约一秒以内；刚登记的案件可能短暂查不到（404）")
    @ApiResponse(responseCode = "200", description = "时间线")
    @ApiResponse(responseCode = "400", description = "案件编号格式不正确",
                 content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(responseCode = "401", description = "未识别操作人",
                 content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(responseCode = "403", description = "案件不在管辖范围内（OUT_OF_JURISDICTION）；学校只能查看本校学生的案件",
                 content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(responseCode = "404", description = "案件不存在",
                 content = @Content(schema = @Schema(implementation = ApiError.class)))
    CaseTimeline timeline(@PathVariable String caseId) {
        Actor actor = currentUser.require();
        String id = Checks.uuid(caseId, "caseId", "案件编号");
        // The case's village and schools decide who may read it (a transfer moves it with its whole history).
        CaseFile file = caseFiles.current(id).orElseThrow(() -> new CaseNotFoundException(id));
        Jurisdiction.requireCase(actor, file.scope());
        List<Entry> entries = query.entries(id).stream().map(CaseTimelineController::entry).toList();
        if (entries.isEmpty()) {
            throw new CaseNotFoundException(id);
        }
        return new CaseTimeline(id, entries);
    }

    private static Entry entry(Document document) {
        return new Entry(document.get("sequence", Number.class).longValue(),
                         document.get("position", Number.class).longValue(), document.getString("type"),
                         document.getString("label"), document.get("recordedAt", Date.class).toInstant(),
                         document.get("actor", Document.class), document.getString("channel"),
                         document.getString("requestId"), document.get("data", Document.class));
    }
}
