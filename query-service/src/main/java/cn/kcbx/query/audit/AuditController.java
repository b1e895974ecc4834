package cn.kcbx.query.audit;

import cn.kcbx.kernel.InvalidValueException;
import cn.kcbx.kernel.access.Jurisdiction;
import cn.kcbx.kernel.actor.Actor;
import cn.kcbx.kernel.dropoutcase.Checks;
import cn.kcbx.kernel.region.DivisionCode;
import cn.kcbx.kernel.time.DateRules;
import cn.kcbx.query.casefile.CaseFile;
import cn.kcbx.query.casefile.CaseFiles;
import cn.kcbx.query.web.QueryParams;
import cn.kcbx.web.ApiError;
import cn.kcbx.web.CurrentUser;
import cn.kcbx.web.ForbiddenException;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.Set;

/** The audit query: who did what, to which case, when; case events and access-log entries in one list. */
@RestController
@RequestMapping(path = "/api/audit", produces = "application/json")
@Tag(name = "审计查询", description = "按用户、案件、时间查询操作记录（案件事件与登录、查看完整个人信息、删除等访问记录）；"
        + "仅县级教育行政部门（本县）和系统管理员可查")
class AuditController {

    /** Deep pages cost reads of every row before them; past this, narrow the time window instead. */
    static final int MAX_ROWS_REACHED = 10_000;

    private final AuditQuery query;
    private final CaseFiles caseFiles;
    private final CurrentUser currentUser;

    AuditController(AuditQuery query, CaseFiles caseFiles, CurrentUser currentUser) {
        this.query = query;
        this.caseFiles = caseFiles;
        this.currentUser = currentUser;
    }

    @GetMapping
    @Operation(summary = "审计查询",
               description = "按时间倒序列出操作记录：时间、用户、角色、单位、操作（中文）、案件编号、说明。条件可组合：user（用户编号）、"
                       + "case（案件编号）、from / to（日期或时间；日期 from 指当天 0 时，to 指当天结束）。县级账号只看本县案件的记录和"
                       + "本县各单位用户的访问记录；系统管理员看全部。记录中不含姓名、身份证号、电话等个人信息。")
    @ApiResponse(responseCode = "200", description = "一页记录")
    @ApiResponse(responseCode = "400", description = "参数不正确", content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(responseCode = "401", description = "未识别操作人", content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(responseCode = "403", description = "无权审计查询（FORBIDDEN），或案件不在本县（OUT_OF_JURISDICTION）",
                 content = @Content(schema = @Schema(implementation = ApiError.class)))
    AuditQuery.AuditPage audit(
            @Parameter(description = "用户编号") @RequestParam(required = false) String user,
            @Parameter(description = "案件编号") @RequestParam(name = "case", required = false) String caseId,
            @Parameter(description = "起始：日期（当天 0 时起，中国时间）或带时区的时间，含") @RequestParam(required = false) String from,
            @Parameter(description = "截止：日期（到当天结束）或带时区的时间，不含") @RequestParam(required = false) String to,
            @Parameter(description = "页码，从 0 开始") @RequestParam(required = false) Integer page,
            @Parameter(description = "每页条数，1–500，默认 50") @RequestParam(required = false) Integer size) {
        Actor actor = currentUser.require();
        DivisionCode county = auditedCounty(actor);
        String userId = user == null || user.isBlank() ? null : user.strip();
        String caseFilter = caseId == null || caseId.isBlank() ? null : Checks.uuid(caseId.strip(), "case", "案件编号");
        Instant fromInstant = instant(from, "from", false);
        Instant toInstant = instant(to, "to", true);
        if (fromInstant != null && toInstant != null && !fromInstant.isBefore(toInstant)) {
            throw new InvalidValueException("INVALID_TIME_RANGE", "to", "截止时间应晚于起始时间");
        }
        int pageNumber = QueryParams.page(page);
        int pageSize = QueryParams.size(size, 50);
        if ((long) (pageNumber + 1) * pageSize > MAX_ROWS_REACHED) {
            throw new InvalidValueException("AUDIT_PAGE_TOO_DEEP", "page",
                    "只能翻到前 " + MAX_ROWS_REACHED + " 条记录，请缩小时间范围（from / to）或按用户、案件查询");
        }
        Set<String> casesInCounty = Set.of();
        if (county != null) {
            if (caseFilter != null) {
                // A case of another county is refused, not answered with an empty list.
                Optional<CaseFile> file = caseFiles.current(caseFilter);
                if (file.isPresent()) {
                    Jurisdiction.requireCase(actor, file.get().scope());
                }
            }
            casesInCounty = caseFiles.caseIdsIn(county);
        }
        return query.page(new AuditQuery.Criteria(userId, caseFilter, fromInstant, toInstant, county, casesInCounty),
                          pageNumber, pageSize);
    }

    /** The county a county bureau audits, null for an administrator (everything); 403 for anyone else. */
    private static DivisionCode auditedCounty(Actor actor) {
        return switch (actor.role()) {
            case ADMIN -> null;
            case COUNTY -> Jurisdiction.unitRegion(actor);
            default -> throw new ForbiddenException("审计查询仅限县级教育行政部门（本县）和系统管理员；"
                    + actor.role().label() + "账号无权查看");
        };
    }

    private static Instant instant(String text, String field, boolean endOfDay) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String value = text.strip();
        try {
            if (value.length() == 10) {
                LocalDate day = LocalDate.parse(value);
                return (endOfDay ? day.plusDays(1) : day).atStartOfDay(DateRules.CHINA_ZONE).toInstant();
            }
            if (value.endsWith("Z") || value.matches(".*[+-]\\d\\d:\\d\\d$")) {
                return OffsetDateTime.parse(value).toInstant();
            }
            return LocalDateTime.parse(value).atZone(DateRules.CHINA_ZONE).toInstant();
        } catch (DateTimeException e) {
            throw new InvalidValueException("INVALID_TIME", field,
                    "时间“" + value + "”格式不正确，请填写日期（如 2026-10-28）或时间（如 2026-10-28T18:00:00+08:00）");
        }
    }
}
