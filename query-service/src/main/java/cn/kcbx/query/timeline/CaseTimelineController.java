package cn.kcbx.query.timeline;

import cn.kcbx.directory.UnitDirectories;
import cn.kcbx.kernel.actor.Actor;
import cn.kcbx.kernel.time.DateRules;
import cn.kcbx.query.casefile.CaseFile;
import cn.kcbx.query.casefile.CaseFiles;
import cn.kcbx.query.casefile.CaseNotFoundException;
import cn.kcbx.query.directory.UnitNames;
import cn.kcbx.web.ApiError;
import cn.kcbx.web.CurrentUser;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.bson.Document;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

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
     * @param names      code → name of the villages (and their towns) and schools the entry shows and of the actor's
     *                   unit, as the unit directory named them on the day the entry was recorded; a code no
     *                   directory lists is left out
     */
    /**
     * @param occurredOn    the step's business date as recorded (null for an act on the record: an erasure, a
     *                      correction)
     * @param correctedDate set when the step's date was corrected later: {@code date}, {@code previousDate} and the
     *                      sequence of the correcting entry ({@code bySequence})
     */
    record Entry(long sequence, long position, String type, String label, Instant recordedAt, LocalDate occurredOn,
                 Map<String, Object> correctedDate, Map<String, Object> actor, String channel, String requestId,
                 Map<String, Object> data, Map<String, String> names) {
    }

    /** The event fields that hold a village's or a school's code (a set of them, for {@code fromSchoolCodes}). */
    private static final Set<String> UNIT_FIELDS = Set.of("village", "fromVillage", "schoolCode", "fromSchoolCodes");

    private final CaseTimelineQuery query;
    private final CaseFiles caseFiles;
    private final CurrentUser currentUser;
    private final UnitDirectories directories;

    CaseTimelineController(CaseTimelineQuery query, CaseFiles caseFiles, CurrentUser currentUser,
                           UnitDirectories directories) {
        this.query = query;
        this.caseFiles = caseFiles;
        this.currentUser = currentUser;
        this.directories = directories;
    }

    @GetMapping("/{caseId}/timeline")
    @Operation(summary = "案件时间线", description = "按发生顺序列出案件的全部事件及操作人、时间、来源。读侧数据，"
            + "比写入晚约一秒以内；刚登记的案件可能短暂查不到（404）。names 给出该事件涉及的村、乡镇、学校及操作人单位在单位目录中的"
            + "名称（记录当日的名称）")
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
        CaseFile file = caseFiles.readableBy(actor, caseId);
        String id = file.caseId();
        UnitNames names = UnitNames.current(directories, LocalDate.now(DateRules.CHINA_ZONE));
        if (file.countyCode() != null) {
            names.directory(file.countyCode()); // its schools are looked up here first
        }
        List<Entry> entries = query.entries(id).stream().map(document -> entry(document, names)).toList();
        if (entries.isEmpty()) {
            throw new CaseNotFoundException(id);
        }
        return new CaseTimeline(id, entries);
    }

    private static Entry entry(Document document, UnitNames names) {
        Instant recordedAt = document.get("recordedAt", Date.class).toInstant();
        Document actor = document.get("actor", Document.class);
        Document data = document.get("data", Document.class);
        Set<String> codes = new LinkedHashSet<>();
        unitCodes(data, codes);
        if (actor != null && actor.getString("unit") != null) {
            codes.add(actor.getString("unit"));
        }
        LocalDate on = LocalDate.ofInstant(recordedAt, DateRules.CHINA_ZONE);
        Map<String, String> named = new TreeMap<>();
        for (String code : codes) {
            String name = names.name(code, on);
            if (name != null) {
                named.put(code, name);
            }
        }
        return new Entry(document.get("sequence", Number.class).longValue(),
                         document.get("position", Number.class).longValue(), document.getString("type"),
                         document.getString("label"), recordedAt,
                         document.getString("occurredOn") == null ? null : LocalDate.parse(document.getString("occurredOn")),
                         document.get("correctedDate", Document.class), actor, document.getString("channel"),
                         document.getString("requestId"), data, named);
    }

    /** The village codes (with their towns') and school codes anywhere in an event's fields. */
    private static void unitCodes(Object value, Set<String> codes) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> {
                if (UNIT_FIELDS.contains(String.valueOf(key))) {
                    addCodes(item, codes);
                } else {
                    unitCodes(item, codes);
                }
            });
        } else if (value instanceof Collection<?> items) {
            items.forEach(item -> unitCodes(item, codes));
        }
    }

    private static void addCodes(Object value, Set<String> codes) {
        if (value instanceof String code) {
            if (code.length() == 12) {
                codes.add(code.substring(0, 9));
            }
            codes.add(code);
        } else if (value instanceof Collection<?> items) {
            items.forEach(item -> addCodes(item, codes));
        }
    }
}
