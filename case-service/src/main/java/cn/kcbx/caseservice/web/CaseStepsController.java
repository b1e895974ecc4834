package cn.kcbx.caseservice.web;

import cn.kcbx.kernel.access.CommandPermissions;
import cn.kcbx.kernel.access.StepStatuses;
import cn.kcbx.kernel.actor.Actor.Role;
import cn.kcbx.kernel.dropoutcase.CaseStatus;
import cn.kcbx.kernel.dropoutcase.identification.RecordRepeatReport;
import cn.kcbx.web.ApiError;
import cn.kcbx.web.CurrentUser;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Set;

/**
 * The steps of a case: who may take each ({@link CommandPermissions}) and in which states ({@link StepStatuses}), so
 * the pages offer exactly the steps the case would accept. The same for every user; jurisdiction is per case.
 */
@RestController
@Tag(name = "案件环节", description = "案件各办理环节：可办理的角色与案件状态")
class CaseStepsController {

    /**
     * One step.
     *
     * @param step     the command's name, e.g. {@code RecordReturnToSchool}
     * @param label    the clerk's name, e.g. 登记返校
     * @param roles    the roles that may take it
     * @param statuses the case states in which it may be taken (none for 登记疑似辍学学生, which opens a case)
     * @param onCasePage whether a case page offers it; false for 再次下发, which only a list import (名单导入) records
     */
    record CaseStep(String step, String label, List<Role> roles, List<CaseStatus> statuses, boolean onCasePage) {
    }

    /** Steps recorded by a list import only: a clerk never types them on a case. */
    private static final Set<Class<?>> LIST_IMPORT_ONLY = Set.of(RecordRepeatReport.class);

    private static final List<CaseStep> STEPS = CommandPermissions.commands().stream()
            .map(command -> new CaseStep(command.getSimpleName(), CommandPermissions.stepOf(command),
                                         List.copyOf(CommandPermissions.rolesFor(command)),
                                         List.copyOf(StepStatuses.statusesFor(command)),
                                         !LIST_IMPORT_ONLY.contains(command)))
            .toList();

    private final CurrentUser currentUser;

    CaseStepsController(CurrentUser currentUser) {
        this.currentUser = currentUser;
    }

    @GetMapping(path = "/api/case-steps", produces = "application/json")
    @Operation(summary = "案件办理环节",
               description = "按案件办理顺序列出各环节：step（命令名）、label（环节名称）、roles（可办理的角色）、"
                       + "statuses（可办理时案件所处状态）、onCasePage（案件页面是否提供；“再次下发”只由名单导入登记）。页面据此只显示当前用户在案件当前状态下可办理的环节")
    @ApiResponse(responseCode = "200", description = "各环节")
    @ApiResponse(responseCode = "401", description = "未登录",
                 content = @Content(schema = @Schema(implementation = ApiError.class)))
    List<CaseStep> steps() {
        currentUser.require();
        return STEPS;
    }
}
