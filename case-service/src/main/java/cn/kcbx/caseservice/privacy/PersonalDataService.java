package cn.kcbx.caseservice.privacy;

import cn.kcbx.access.log.AccessAction;
import cn.kcbx.access.log.AccessLog;
import cn.kcbx.caseservice.casefile.CaseOpenness;
import cn.kcbx.caseservice.command.CaseCommandService;
import cn.kcbx.caseservice.command.CaseNotFoundException;
import cn.kcbx.caseservice.command.RequestOrigin;
import cn.kcbx.caseservice.storedcase.StoredCase;
import cn.kcbx.caseservice.storedcase.StoredCases;
import cn.kcbx.caseservice.studentregistry.StudentCaseRegistry;
import cn.kcbx.kernel.InvalidValueException;
import cn.kcbx.kernel.RuleViolationException;
import cn.kcbx.kernel.access.AccessDeniedException;
import cn.kcbx.kernel.access.CommandPermissions;
import cn.kcbx.kernel.access.Jurisdiction;
import cn.kcbx.kernel.actor.Actor;
import cn.kcbx.kernel.dropoutcase.CaseEvent;
import cn.kcbx.kernel.dropoutcase.Checks;
import cn.kcbx.kernel.dropoutcase.identification.CaseIdentified;
import cn.kcbx.kernel.dropoutcase.privacy.ErasePersonalData;
import cn.kcbx.kernel.dropoutcase.privacy.PersonalDataErased;
import cn.kcbx.kernel.dropoutcase.trio.Helper;
import cn.kcbx.kernel.dropoutcase.trio.TrioAssigned;
import cn.kcbx.kernel.dropoutcase.trio.TrioMemberReplaced;
import cn.kcbx.kernel.dropoutcase.trio.TrioRole;
import cn.kcbx.kernel.jackson.MaskedIdentifiers;
import cn.kcbx.privacy.AccessLogReasons;
import cn.kcbx.privacy.PersonalDataSeal;
import cn.kcbx.privacy.StudentKeys;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reveal and erasure of a case's personal data. Who may do either is decided by the one rule ({@link Jurisdiction},
 * and for erasure {@link CommandPermissions}) over the case's current scope from its own events, so after a transfer
 * only the receiving side may; both are recorded in the access log: who, when, which case, why.
 */
public class PersonalDataService {

    private final StoredCases storedCases;
    private final StudentKeys keys;
    private final AccessLog accessLog;
    private final CaseCommandService commands;
    private final PersonalDataSeal seal;
    private final StudentCaseRegistry registry;

    public PersonalDataService(StoredCases storedCases, StudentKeys keys, AccessLog accessLog,
                               CaseCommandService commands, PersonalDataSeal seal, StudentCaseRegistry registry) {
        this.registry = registry;
        this.storedCases = storedCases;
        this.keys = keys;
        this.accessLog = accessLog;
        this.commands = commands;
        this.seal = seal;
    }

    /** What the erasure did: the cases of the student whose personal data is now unreadable. */
    public record Erasure(String caseId, List<String> erasedCases) {
    }

    /**
     * The full personal data of a case, for a user whose jurisdiction covers it. The reveal is written to the access
     * log before anything is returned; without a reason nothing is shown.
     */
    public PersonalDataView reveal(String caseId, String reason, Actor actor, RequestOrigin origin) {
        Checks.uuid(caseId, "caseId", "案件编号");
        if (reason == null || reason.isBlank()) {
            throw new InvalidValueException("REVEAL_REASON_REQUIRED", "reason",
                    "请填写查看完整个人信息的原因（如“入户核实需要联系监护人”），查看记录将留存备查");
        }
        String why = Checks.text(reason, "reason", "查看原因", Checks.NOTE_MAX);
        StoredCase stored = stored(caseId);
        List<CaseEvent> events = stored.events();
        CaseIdentified identified = identification(stored);
        Jurisdiction.requireCase(actor, stored.scope());
        if (identified.student() == null || events.stream().anyMatch(PersonalDataErased.class::isInstance)) {
            throw new PersonalDataErasedException();
        }
        // The reason may name the child: kept sealed with the student's key, so an erasure erases it too.
        accessLog.record(actor, AccessAction.PERSONAL_DATA_REVEALED, caseId,
                         AccessLogReasons.stored(seal, caseId, why), origin(origin));
        return view(caseId, identified, events);
    }

    /**
     * Destroys the student's data key, for the county of the case only. Every case of the student is encrypted with
     * that key, so all of them must be closed, and each gets its {@link PersonalDataErased} event (the read side
     * blanks its copies on it). The events go first: if destroying the key failed, a retry finds them recorded and
     * only destroys the key.
     */
    public Erasure erase(String caseId, String reason, String requestId, Actor actor, RequestOrigin origin) {
        Checks.uuid(caseId, "caseId", "案件编号");
        StoredCase stored = stored(caseId);
        List<CaseEvent> events = stored.events();
        CaseIdentified identified = identification(stored);
        // The check the case itself makes before the step, done first: nothing is decided for a user who may not.
        CommandPermissions.require(actor, ErasePersonalData.class, stored.scope());
        ErasePersonalData command = new ErasePersonalData(caseId, reason);
        requireNoPersonalDataIn(command.reason(), identified, events);
        Optional<String> keyId = keys.keyIdOfCase(caseId);
        if (keyId.isEmpty() && identified.student() != null) {
            // Stored before encryption existed: no key to destroy, so an erasure would only pretend.
            throw new RuleViolationException("PERSONAL_DATA_NOT_ENCRYPTED",
                    "该案件登记于个人信息加密启用之前，无法通过销毁密钥删除，请联系系统管理员处理");
        }
        List<String> cases = new ArrayList<>(List.of(caseId));
        keyId.ifPresent(id -> keys.casesOfKey(id).stream().filter(c -> !c.equals(caseId)).sorted().forEach(cases::add));
        for (String other : cases.subList(1, cases.size())) {
            StoredCase otherCase = stored(other);
            if (!Jurisdiction.covers(actor, otherCase.scope())) {
                // Checked before anything is written: an erasure stopped half-way would keep the key alive. The
                // other county's case id is not named (it is that county's business).
                throw new AccessDeniedException("STUDENT_HAS_CASE_ELSEWHERE",
                        "该学生在其他县（市、区）还有案件，须由该县教育局一并处理后才能删除");
            }
            if (otherCase.openness() == CaseOpenness.OPEN) {
                throw new RuleViolationException("STUDENT_HAS_OPEN_CASE",
                        "该学生还有未结案件（案件编号 " + other + "），个人信息仍在使用，结案后才能删除");
            }
        }
        for (String each : cases) {
            // The client's request id belongs to the case it named; erasing again is a no-op for the others.
            commands.execute(new ErasePersonalData(each, command.reason()), each.equals(caseId) ? requestId : null,
                             actor, origin);
        }
        if (identified.student() != null) {
            registry.forget(identified.student().studentKey(), cases);
        }
        keyId.ifPresent(keys::destroy);
        // Outlives the erasure in the access log, so it must not hold what was erased (checked above): masked too.
        accessLog.record(actor, AccessAction.PERSONAL_DATA_ERASED, caseId,
                         MaskedIdentifiers.scrubText(command.reason()) + (cases.size() > 1 ? "（同一学生的案件：" + String.join("、", cases) + "）" : ""),
                         origin(origin));
        return new Erasure(caseId, cases);
    }

    /**
     * The reason of an erasure stays in the access log after the erasure: it may not quote the child's name, ID
     * number or student number, nor a 三帮一 helper's name or phone.
     */
    private static void requireNoPersonalDataIn(String reason, CaseIdentified identified, List<CaseEvent> events) {
        List<String> personal = new ArrayList<>();
        if (identified.student() != null) {
            personal.add(identified.student().name());
            if (identified.student().idNumber() != null) {
                personal.add(identified.student().idNumber().value());
            }
            if (identified.student().studentNumber() != null) {
                personal.add(identified.student().studentNumber().value());
            }
        }
        for (CaseEvent event : events) {
            if (event instanceof TrioAssigned assigned) {
                List.of(Optional.ofNullable(assigned.teacher()), Optional.ofNullable(assigned.villageCadre()),
                        Optional.ofNullable(assigned.guardian()))
                    .forEach(helper -> helper.ifPresent(h -> addHelper(personal, h)));
            } else if (event instanceof TrioMemberReplaced replaced && replaced.newMember() != null) {
                addHelper(personal, replaced.newMember());
            }
        }
        String normalised = reason.replaceAll("\\s", "").toUpperCase();
        for (String value : personal) {
            if (value != null && value.strip().length() >= 2
                    && normalised.contains(value.replaceAll("\\s", "").toUpperCase())) {
                throw new InvalidValueException("ERASURE_REASON_HAS_PERSONAL_DATA", "reason",
                        "删除原因中不能写学生或帮扶人的姓名、身份证号、学籍号或电话：删除后原因仍留在访问日志中。"
                                + "请只写删除的依据（如“监护人书面申请删除”）");
            }
        }
    }

    private static void addHelper(List<String> personal, Helper helper) {
        personal.add(helper.name());
        if (helper.phone() != null) {
            personal.add(helper.phone().value());
        }
    }

    private static String origin(RequestOrigin origin) {
        return origin == null ? null : origin.channel() + " " + origin.clientAddress();
    }

    /** The stored case; not found when it has no events. */
    private StoredCase stored(String caseId) {
        StoredCase stored = storedCases.read(caseId);
        if (stored.events().isEmpty()) {
            throw new CaseNotFoundException(caseId);
        }
        return stored;
    }

    private static CaseIdentified identification(StoredCase stored) {
        return stored.identification().orElseThrow(() -> new CaseNotFoundException(stored.caseId()));
    }

    private static PersonalDataView view(String caseId, CaseIdentified identified, List<CaseEvent> events) {
        List<PersonalDataView.HelperView> helpers = new ArrayList<>();
        Map<TrioRole, Helper> current = new EnumMap<>(TrioRole.class);
        List<Map.Entry<TrioRole, Helper>> former = new ArrayList<>();
        for (CaseEvent event : events) {
            if (event instanceof TrioAssigned assigned) {
                putCurrent(current, former, TrioRole.TEACHER, assigned.teacher());
                putCurrent(current, former, TrioRole.VILLAGE_CADRE, assigned.villageCadre());
                putCurrent(current, former, TrioRole.GUARDIAN, assigned.guardian());
            } else if (event instanceof TrioMemberReplaced replaced) {
                putCurrent(current, former, replaced.role(), replaced.newMember());
            }
        }
        current.forEach((role, helper) -> helpers.add(helperView(role, helper, true)));
        former.forEach(entry -> helpers.add(helperView(entry.getKey(), entry.getValue(), false)));
        var student = identified.student();
        return new PersonalDataView(caseId, student.name(),
                                    student.idNumber() == null ? null : student.idNumber().value(),
                                    student.studentNumber() == null ? null : student.studentNumber().value(),
                                    student.sex(), student.birthDate(), identified.household().address(), helpers);
    }

    private static void putCurrent(Map<TrioRole, Helper> current, List<Map.Entry<TrioRole, Helper>> former,
                                   TrioRole role, Helper helper) {
        Helper previous = current.put(role, helper);
        if (previous != null && !previous.equals(helper)) {
            former.add(Map.entry(role, previous));
        }
    }

    private static PersonalDataView.HelperView helperView(TrioRole role, Helper helper, boolean isCurrent) {
        return new PersonalDataView.HelperView(role, helper == null ? null : helper.name(),
                                               helper == null ? null : helper.unitOrRelation(),
                                               helper == null || helper.phone() == null ? null : helper.phone().value(),
                                               isCurrent);
    }
}
