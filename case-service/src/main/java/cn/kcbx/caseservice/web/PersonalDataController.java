package cn.kcbx.caseservice.web;

import cn.kcbx.caseservice.privacy.PersonalDataService;
import cn.kcbx.caseservice.privacy.PersonalDataView;
import cn.kcbx.kernel.actor.Actor;
import cn.kcbx.web.CurrentUser;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The full personal data of one case (audited reveal) and its erasure (crypto-shredding). */
@RestController
@RequestMapping(path = "/api/cases", produces = "application/json")
@Tag(name = "个人信息", description = "查看完整个人信息（留痕）与删除学生个人信息")
class PersonalDataController {

    private final PersonalDataService personalData;
    private final CurrentUser currentUser;

    PersonalDataController(PersonalDataService personalData, CurrentUser currentUser) {
        this.personalData = personalData;
        this.currentUser = currentUser;
    }

    @GetMapping("/{caseId}/personal-data")
    @Operation(summary = "查看完整个人信息",
               description = "列表和导出中身份证号、手机号均为脱敏显示；在案件详情中确有需要时可查看完整信息。"
                       + "须填写原因，每次查看都会记录查看人、时间、案件和原因。仅限管辖该案件的村、学校、乡镇、县账号。")
    @ApiResponse(responseCode = "400", description = "未填写查看原因（REVEAL_REASON_REQUIRED）")
    @ApiResponse(responseCode = "403", description = "案件不在管辖范围内，或系统管理员账号")
    @ApiResponse(responseCode = "410", description = "个人信息已删除（PERSONAL_DATA_ERASED）")
    PersonalDataView reveal(@PathVariable String caseId,
                            @Parameter(description = "查看原因（必填）") @RequestParam(required = false) String reason,
                            @Parameter(hidden = true) ClientRequest request) {
        Actor actor = currentUser.require();
        return personalData.reveal(caseId, reason, actor, request.origin());
    }

    @PostMapping(path = "/{caseId}/personal-data/erasure", consumes = "application/json")
    @Operation(summary = "删除学生个人信息（销毁密钥）",
               description = "仅限案件所在县的县级账号，且案件须已结案。销毁该学生的数据密钥后，其姓名、身份证号、学籍号、"
                       + "出生日期、住址、帮扶人姓名和电话及各项说明均无法再读取；统计数字不变。不可恢复。请求体：{\"reason\": \"…\"}")
    @ApiResponse(responseCode = "403", description = "非本县县级账号")
    @ApiResponse(responseCode = "422", description = "案件未结案（CASE_NOT_CLOSED）或该学生还有未结案件")
    PersonalDataService.Erasure erase(@PathVariable String caseId, @RequestBody(required = false) ObjectNode body,
                                      @Parameter(hidden = true) ClientRequest request) {
        Actor actor = currentUser.require();
        String reason = body == null || body.get("reason") == null || body.get("reason").isNull() ? null
                : body.get("reason").asText();
        return personalData.erase(caseId, reason, request.requestId(), actor, request.origin());
    }
}
