package cn.kcbx.kernel.access;

import cn.kcbx.kernel.actor.Actor;
import cn.kcbx.kernel.actor.Actor.Role;
import cn.kcbx.kernel.dropoutcase.CaseCommand;
import cn.kcbx.kernel.dropoutcase.closure.CloseCase;
import cn.kcbx.kernel.dropoutcase.closure.ReopenCase;
import cn.kcbx.kernel.dropoutcase.correction.CorrectStepDate;
import cn.kcbx.kernel.dropoutcase.disability.RecordDisability;
import cn.kcbx.kernel.dropoutcase.hometeaching.ArrangeHomeTeaching;
import cn.kcbx.kernel.dropoutcase.hometeaching.RecordHomeTeachingSession;
import cn.kcbx.kernel.dropoutcase.identification.IdentifyCase;
import cn.kcbx.kernel.dropoutcase.identification.RecordRepeatReport;
import cn.kcbx.kernel.dropoutcase.legal.IssueCorrectionOrder;
import cn.kcbx.kernel.dropoutcase.legal.RecordCriticismEducation;
import cn.kcbx.kernel.dropoutcase.legal.RecordDocumentServed;
import cn.kcbx.kernel.dropoutcase.legal.RecordJudicialIntervention;
import cn.kcbx.kernel.dropoutcase.legal.RecordLawsuitFiled;
import cn.kcbx.kernel.dropoutcase.legal.RecordLawsuitOutcome;
import cn.kcbx.kernel.dropoutcase.privacy.ErasePersonalData;
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

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static cn.kcbx.kernel.actor.Actor.Role.COUNTY;
import static cn.kcbx.kernel.actor.Actor.Role.SCHOOL;
import static cn.kcbx.kernel.actor.Actor.Role.TOWN;
import static cn.kcbx.kernel.actor.Actor.Role.VILLAGE;

/**
 * Who may take which step of a case (docs/domain.md §7), and for which cases ({@link Jurisdiction}).
 *
 * <ul>
 *   <li>County bureau and town (乡镇): every step, for cases in their county or town. The legal ladder, closing,
 *       reopening and handing a case over are theirs alone: the 乡镇 issues notices and sues, the county confirms
 *       closures.</li>
 *   <li>Village team (村干部, 网格员, 驻村工作队: searches, visits, 调查取证): identification, verification as a
 *       dropout or for recheck, visits and the disability record, for cases of its village. Closing as "not a
 *       dropout" needs the town's approval and is not theirs.</li>
 *   <li>School (its own students: last school attended, or the school the student returned or was transferred to):
 *       identification of its own former students, visits (the teacher is one of the 三帮一), the return to itself,
 *       relapse, 销号 and 送教上门 sessions. A return names the school the child is back in, and that school handles
 *       the case from then on: so a school records returns to itself only, and a return to another school is the
 *       town's or county's entry ({@code RETURN_TO_OTHER_SCHOOL}); naming itself on a return does not let a school
 *       into a case it does not handle either.</li>
 *   <li>System administrator: none; it manages accounts.</li>
 * </ul>
 *
 * Refusals are {@link AccessDeniedException}s: {@code ROLE_NOT_PERMITTED} for a step the role never takes,
 * {@code OUT_OF_JURISDICTION} for a case outside the user's unit.
 */
public final class CommandPermissions {

    /** One step of a case: the clerk's name for it and the roles that may take it. */
    private record Step(String label, Set<Role> roles) {
    }

    private static final Map<Class<? extends CaseCommand>, Step> STEPS = new LinkedHashMap<>();

    static {
        step(IdentifyCase.class, "登记疑似辍学学生", VILLAGE, SCHOOL, TOWN, COUNTY);
        // A list pushed down by the platform is received by the county bureau or the town (名单导入).
        step(RecordRepeatReport.class, "登记再次下发（已有在办案件）", TOWN, COUNTY);
        step(ConfirmDropout.class, "核实确认辍学", VILLAGE, TOWN, COUNTY);
        step(ScheduleRecheck.class, "核实后列入待复查", VILLAGE, TOWN, COUNTY);
        step(CloseAsNotDropout.class, "核实为非辍学并结案", TOWN, COUNTY);
        step(AssignTrio.class, "落实三帮一帮扶人", TOWN, COUNTY);
        step(ReplaceTrioMember.class, "更换三帮一帮扶人", TOWN, COUNTY);
        step(LogVisit.class, "登记劝返走访", VILLAGE, SCHOOL, TOWN, COUNTY);
        step(RecordCriticismEducation.class, "登记批评教育", TOWN, COUNTY);
        step(IssueCorrectionOrder.class, "下达责令限期改正通知书", TOWN, COUNTY);
        step(RecordDocumentServed.class, "登记文书送达", TOWN, COUNTY);
        step(RecordJudicialIntervention.class, "登记司法介入", TOWN, COUNTY);
        step(RecordLawsuitFiled.class, "登记起诉", TOWN, COUNTY);
        step(RecordLawsuitOutcome.class, "登记诉讼结果", TOWN, COUNTY);
        step(RecordReturnToSchool.class, "登记返校", SCHOOL, TOWN, COUNTY);
        step(RecordRelapse.class, "登记复辍", SCHOOL, TOWN, COUNTY);
        step(CrossOff.class, "销号", SCHOOL, TOWN, COUNTY);
        step(RecordDisability.class, "登记残疾情况", VILLAGE, TOWN, COUNTY);
        step(ArrangeHomeTeaching.class, "安排送教上门", TOWN, COUNTY);
        step(RecordHomeTeachingSession.class, "登记送教上门记录", SCHOOL, TOWN, COUNTY);
        step(CloseCase.class, "结案", TOWN, COUNTY);
        step(ReopenCase.class, "重新开案", TOWN, COUNTY);
        step(TransferCase.class, "移交案件", TOWN, COUNTY);
        // The town checks the data its villages and schools enter; a wrong date is reported to it and it corrects.
        step(CorrectStepDate.class, "更正记录日期", TOWN, COUNTY);
        // The county bureau answers for the data (数据控制者): erasure is its decision alone.
        step(ErasePersonalData.class, "删除学生个人信息", COUNTY);
    }

    private CommandPermissions() {
    }

    private static void step(Class<? extends CaseCommand> command, String label, Role... roles) {
        STEPS.put(command, new Step(label, Collections.unmodifiableSet(EnumSet.of(roles[0], roles))));
    }

    /** Every command the table knows, in the order of a case's life. */
    public static Set<Class<? extends CaseCommand>> commands() {
        return Collections.unmodifiableSet(STEPS.keySet());
    }

    /** The roles that may send {@code command}; empty for a command the table does not know. */
    public static Set<Role> rolesFor(Class<? extends CaseCommand> command) {
        Step step = STEPS.get(command);
        return step == null ? Set.of() : step.roles();
    }

    /** The clerk's name of the step, e.g. 登记返校. */
    public static String stepOf(Class<? extends CaseCommand> command) {
        Step step = STEPS.get(command);
        return step == null ? command.getSimpleName() : step.label();
    }

    /** The jurisdiction of a case about to be opened: its household village and its last school, if known. */
    public static CaseScope scopeOf(IdentifyCase command) {
        String school = command.lastSchool() == null ? null : command.lastSchool().schoolCode();
        return new CaseScope(command.household().village(), school == null ? Set.of() : Set.of(school));
    }

    /** May {@code actor} open this case? Its scope is the command's own household village and last school. */
    public static void requireIdentify(Actor actor, IdentifyCase command) {
        require(actor, command, scopeOf(command));
    }

    /**
     * May {@code actor} send {@code command} to a case of {@code scope}?
     *
     * @throws AccessDeniedException {@code ACTOR_MISSING}, {@code ROLE_NOT_PERMITTED} or {@code OUT_OF_JURISDICTION}
     */
    public static void require(Actor actor, CaseCommand command, CaseScope scope) {
        require(actor, command.getClass(), scope);
        if (command instanceof RecordReturnToSchool returned) {
            requireReturnSchool(actor, returned);
        }
    }

    /**
     * May {@code actor} take this kind of step on a case of {@code scope} at all? For a check made before the
     * command's content is read; {@link #require(Actor, CaseCommand, CaseScope)} also checks what the command names.
     */
    public static void require(Actor actor, Class<? extends CaseCommand> step, CaseScope scope) {
        if (actor == null) {
            throw new AccessDeniedException("ACTOR_MISSING", "未识别操作人，不能办理案件；请重新登录后再试");
        }
        requireRole(actor, step);
        Jurisdiction.requireCase(actor, scope);
    }

    /** A school may name only itself as the school the child returned to: the named school gets the case. */
    private static void requireReturnSchool(Actor actor, RecordReturnToSchool command) {
        if (actor.role() == Role.SCHOOL && command.schoolCode() != null
                && !command.schoolCode().equals(actor.unitCode())) {
            throw new AccessDeniedException("RETURN_TO_OTHER_SCHOOL",
                    "学校只能登记学生返回本校（学校标识码 " + actor.unitCode() + "）；学生返回其他学校（"
                            + command.schoolCode() + "）的，请由乡镇或县教育局登记");
        }
    }

    private static void requireRole(Actor actor, Class<? extends CaseCommand> command) {
        Step step = STEPS.get(command);
        if (step != null && step.roles().contains(actor.role())) {
            return;
        }
        String what = step == null ? "此操作" : "“" + step.label() + "”";
        if (actor.role() == Role.ADMIN) {
            throw new AccessDeniedException("ROLE_NOT_PERMITTED",
                    "系统管理员账号只管理账号，不能办理案件（" + what + "）；请由县、乡镇、村或学校的经办人员办理");
        }
        String allowed = step == null ? "" : step.roles().stream().map(Role::label)
                                                  .collect(Collectors.joining("、", "；该环节由", "账号办理"));
        throw new AccessDeniedException("ROLE_NOT_PERMITTED",
                actor.role().label() + "账号无权办理" + what + allowed);
    }
}
