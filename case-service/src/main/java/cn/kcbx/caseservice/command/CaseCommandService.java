package cn.kcbx.caseservice.command;

import cn.kcbx.access.log.AccessAction;
import cn.kcbx.access.log.AccessLog;
import cn.kcbx.caseservice.storedcase.StoredCase;
import cn.kcbx.caseservice.storedcase.StoredCases;
import cn.kcbx.caseservice.studentregistry.StudentCaseRegistry;
import cn.kcbx.eventstore.GapFreeMongoEventStorageEngine;
import cn.kcbx.eventstore.StoredRequest;
import cn.kcbx.kernel.InvalidValueException;
import cn.kcbx.kernel.RuleViolationException;
import cn.kcbx.kernel.access.CaseScope;
import cn.kcbx.kernel.access.CommandPermissions;
import cn.kcbx.kernel.access.Jurisdiction;
import cn.kcbx.kernel.actor.Actor;
import cn.kcbx.kernel.dropoutcase.CaseCommand;
import cn.kcbx.kernel.dropoutcase.closure.ReopenCase;
import cn.kcbx.kernel.dropoutcase.identification.CaseIdentified;
import cn.kcbx.kernel.dropoutcase.identification.IdentifyCase;
import cn.kcbx.kernel.dropoutcase.identification.RecordRepeatReport;

import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Sends case commands with who-and-where-from metadata, exactly once per client request id: a retried submission
 * (a phone on a bad network) gets the first answer again and stores nothing new. The one-open-case-per-student rule
 * is checked here, set-wide, before identification and reopening.
 *
 * <p>Who may act is decided by the case itself before each step (it knows its own scope); only identification, for
 * which no case exists yet, is checked here, against the new case's household village and last school. A reopening
 * is also checked here first, so that a refused user never holds a claim on the student.
 *
 * <p>A refusal because the student already has an open case names that case only to a user whose jurisdiction covers
 * it: anyone else would learn where a child they do not look after is being followed up. Every such refusal is
 * written to the access log (an ID number typed in to see whether a child has a case leaves a trace).
 *
 * <p>Several case-service processes may write to one store: a command that loses the race for a case's next event to
 * another process is decided again on the new state ({@link LostRaceRetries}), so both users' steps are stored.
 */
public class CaseCommandService {

    private static final Logger log = LoggerFactory.getLogger(CaseCommandService.class);
    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{8,64}");
    private static final String FINGERPRINT_CASE_ID = "00000000-0000-4000-8000-000000000000";

    private final CommandGateway commandGateway;
    private final GapFreeMongoEventStorageEngine eventStorage;
    private final StoredCases storedCases;
    private final StudentCaseRegistry studentRegistry;
    private final Serializer serializer;
    private final AccessLog accessLog;
    private final CaseUnits caseUnits;
    private final LostRaceRetries lostRaceRetries;

    public CaseCommandService(CommandGateway commandGateway, GapFreeMongoEventStorageEngine eventStorage,
                              StoredCases storedCases, StudentCaseRegistry studentRegistry, Serializer serializer,
                              AccessLog accessLog, CaseUnits caseUnits, LostRaceRetries lostRaceRetries) {
        this.caseUnits = caseUnits;
        this.lostRaceRetries = lostRaceRetries;
        this.commandGateway = commandGateway;
        this.eventStorage = eventStorage;
        this.storedCases = storedCases;
        this.studentRegistry = studentRegistry;
        this.serializer = serializer;
        this.accessLog = accessLog;
    }

    /** Opens a case, unless the student already has an open one. */
    public CommandOutcome identify(IdentifyCase command, String requestId, Actor actor, RequestOrigin origin) {
        String checkedRequestId = checkedRequestId(requestId);
        Optional<CommandOutcome> earlier = earlierOutcome(checkedRequestId, command, false, actor);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        CommandPermissions.requireIdentify(actor, command);
        caseUnits.requireListed(command, () -> null);
        String studentKey = command.student().studentKey();
        StudentCaseRegistry.Claim claim = studentRegistry.claim(studentKey, command.caseId());
        if (!claim.claimed()) {
            // A twin of this very request (sent twice at once) may have opened the case meanwhile: answer as it did.
            Optional<CommandOutcome> twin = earlierOutcome(checkedRequestId, command, false, actor);
            if (twin.isPresent()) {
                return twin.get();
            }
            throw refusal(claim, command, actor, origin);
        }
        try {
            return send(command, checkedRequestId, actor, origin);
        } catch (RuntimeException e) {
            studentRegistry.releaseFailed(studentKey, command.caseId());
            throw e;
        }
    }

    /** What one row of a pushed list did: a case opened, or the report recorded on the student's open case. */
    public record ListRowOutcome(String caseId, boolean reportedAgain, boolean replayed) {
    }

    /**
     * One row of a list pushed down by the platform (名单导入): opens a case, or, when the student already has an open
     * case this user may work on, records the report on it ({@link RecordRepeatReport}) instead of refusing. Both are
     * stored under request ids derived from (the uploader's unit, the batch, the student), so the same list uploaded
     * again (whole, in part after a crash, or re-saved by Excel) stores nothing new and answers as the first time.
     * The student enters the id only through its registry lookup key (an HMAC), never as a plain hash of the number.
     *
     * @param batch the list's batch name, the evidence named on the case
     */
    public ListRowOutcome identifyFromList(IdentifyCase command, String batch, Actor actor, RequestOrigin origin) {
        String studentKey = command.student().studentKey();
        String requestId = listRequestId(actor, batch, studentKey);
        String againId = requestId + ":again";
        Optional<CommandOutcome> opened = earlierOutcome(requestId, command, false, actor);
        if (opened.isPresent()) {
            return new ListRowOutcome(opened.get().caseId(), false, true);
        }
        Optional<StoredRequest> reported = eventStorage.findRequest(againId);
        if (reported.isPresent()) {
            // Checked like any replay (same user, same content), on the case it was recorded on.
            RecordRepeatReport again = new RecordRepeatReport(reported.get().aggregateId(), command.source(),
                                                              command.identifiedOn(), batch);
            CommandOutcome earlier = earlierOutcome(againId, again, true, actor).orElseThrow();
            return new ListRowOutcome(earlier.caseId(), true, true);
        }
        CommandPermissions.requireIdentify(actor, command);
        caseUnits.requireListed(command, () -> null);
        StudentCaseRegistry.Claim claim = studentRegistry.claim(studentKey, command.caseId());
        if (claim.claimed()) {
            try {
                CommandOutcome outcome = send(command, requestId, actor, origin);
                return new ListRowOutcome(outcome.caseId(), false, outcome.replayed());
            } catch (RuntimeException e) {
                studentRegistry.releaseFailed(studentKey, command.caseId());
                throw e;
            }
        }
        Optional<CommandOutcome> twin = earlierOutcome(requestId, command, false, actor);
        if (twin.isPresent()) {
            return new ListRowOutcome(twin.get().caseId(), false, true);
        }
        CaseScope holderScope = claim.holderCaseId() == null ? null : currentScope(claim.holderCaseId());
        if (claim.outcome() == StudentCaseRegistry.Claim.Outcome.IN_PROGRESS || holderScope == null
                || !Jurisdiction.covers(actor, holderScope)) {
            throw refusal(claim, command, actor, origin);
        }
        RecordRepeatReport again = new RecordRepeatReport(claim.holderCaseId(), command.source(),
                                                          command.identifiedOn(), batch);
        CommandOutcome outcome = send(again, againId, actor, origin);
        return new ListRowOutcome(outcome.caseId(), true, outcome.replayed());
    }

    /** (unit, batch, student) as a request id: "pl-" and 40 hex characters of a SHA-256 over the lookup key. */
    private String listRequestId(Actor actor, String batch, String studentKey) {
        String text = actor.unitCode() + "\n" + batch + "\n" + studentRegistry.lookupKey(studentKey);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "pl-" + HexFormat.of().formatHex(digest).substring(0, 40);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** Reopens a closed case, unless the student has meanwhile got another open case. */
    public CommandOutcome reopen(ReopenCase command, String requestId, Actor actor, RequestOrigin origin) {
        String checkedRequestId = checkedRequestId(requestId);
        Optional<CommandOutcome> earlier = earlierOutcome(checkedRequestId, command, true, actor);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        StoredCase stored = storedCases.read(command.caseId());
        CaseIdentified identified = stored.identification()
                                          .orElseThrow(() -> new CaseNotFoundException(command.caseId()));
        CommandPermissions.require(actor, command, stored.scope());
        // null after the student's data key was destroyed (crypto-shredding)
        if (identified.student() == null) {
            throw new RuleViolationException("PERSONAL_DATA_ERASED",
                    "该案件学生的个人信息已删除，不能重新开案；如学生再次辍学，请重新登记新案件");
        }
        StudentCaseRegistry.Claim claim = studentRegistry.claim(identified.student().studentKey(), command.caseId());
        if (!claim.claimed()) {
            throw refusal(claim, command, actor, origin);
        }
        return send(command, checkedRequestId, actor, origin);
    }

    /**
     * Any other case command. The request id is not looked up first: a resend is rare, and the store refuses a second
     * commit under the same request id (unique index), so whatever stops a resend (the unit check, the case's rules,
     * that index) is answered with the stored request's outcome; this saves every command a read.
     */
    public CommandOutcome execute(CaseCommand command, String requestId, Actor actor, RequestOrigin origin) {
        String checkedRequestId = checkedRequestId(requestId);
        try {
            caseUnits.requireListed(command, () -> caseCounty(command.caseId()));
        } catch (RuntimeException e) {
            return earlierOutcome(checkedRequestId, command, true, actor).orElseThrow(() -> e);
        }
        return send(command, checkedRequestId, actor, origin);
    }

    /**
     * Sends the command; when another writer (another case-service process) stored the case's next event first, the
     * command is decided again on the case as that writer left it ({@link LostRaceRetries}), under the same request
     * id, so the unique request id still stores it at most once. Claims on the student stay held meanwhile: they are
     * for this case id, which a retry keeps. An identification is never retried: its case id is new, so only a twin of
     * the same request can have stored it first.
     */
    private CommandOutcome send(CaseCommand command, String requestId, Actor actor, RequestOrigin origin) {
        String fingerprint = fingerprint(command);
        for (int attempt = 1; ; attempt++) {
            try {
                commandGateway.sendAndWait(GenericCommandMessage.asCommandMessage(command)
                                                                .andMetaData(CommandMetaData.of(requestId, fingerprint,
                                                                                                actor, origin, command)));
                return new CommandOutcome(command.caseId(), requestId, false);
            } catch (RuntimeException e) {
                // A resend of a stored request, or the same request raced itself (sent twice at once) and the first
                // one won: answer as it did. The later one fails either on the unique request id or on the case's own
                // rules (the visit is already logged, the case already verified ...); either way it is now stored.
                Optional<CommandOutcome> earlier = earlierOutcome(requestId, command,
                                                                  !(command instanceof IdentifyCase), actor);
                if (earlier.isPresent()) {
                    return earlier.get();
                }
                if (command instanceof IdentifyCase || !lostRaceRetries.retryAfter(e, attempt)) {
                    throw e;
                }
                log.debug("Command {} on case {} lost the race for the case's next event (attempt {}): deciding it again",
                          command.getClass().getSimpleName(), command.caseId(), attempt);
            }
        }
    }

    /**
     * The outcome of an earlier submission of this request, if it was stored. The same request id on a different
     * command (or case) is a client bug, refused rather than silently answered with someone else's result. Only the
     * user who sent a request gets its answer again: a replay skips the permission check.
     */
    private Optional<CommandOutcome> earlierOutcome(String requestId, CaseCommand command, boolean sameCaseRequired,
                                                    Actor actor) {
        Optional<StoredRequest> stored = eventStorage.findRequest(requestId);
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        StoredRequest request = stored.get();
        boolean sameCommand = command.getClass().getSimpleName().equals(request.metaData().get(CommandMetaData.COMMAND));
        boolean sameCase = !sameCaseRequired || command.caseId().equals(request.aggregateId());
        Object storedFingerprint = request.metaData().get(CommandMetaData.REQUEST_FINGERPRINT);
        boolean sameContent = storedFingerprint == null || storedFingerprint.equals(fingerprint(command));
        Object storedActor = request.metaData().get(CommandMetaData.ACTOR_ID);
        boolean sameActor = storedActor == null || storedActor.equals(actor.userId());
        if (!sameCommand || !sameCase || !sameContent || !sameActor) {
            throw new ConflictException("REQUEST_ID_REUSED",
                    "请求编号 " + requestId + " 已用于另一项内容不同的操作；每次新的操作请使用新的请求编号", false);
        }
        return Optional.of(new CommandOutcome(request.aggregateId(), requestId, true));
    }

    /**
     * Why the student could not be claimed. The open case is named only to a user who may read it; the refusal is
     * logged either way, against the open case, so that its own county sees who asked about its child.
     */
    private ConflictException refusal(StudentCaseRegistry.Claim claim, CaseCommand command, Actor actor,
                                      RequestOrigin origin) {
        if (claim.outcome() == StudentCaseRegistry.Claim.Outcome.IN_PROGRESS) {
            return new ConflictException("STUDENT_CLAIM_IN_PROGRESS", "该学生的案件正在另一处登记或重新开案，请稍后再试", true);
        }
        String holder = claim.holderCaseId();
        CaseScope holderScope = currentScope(holder);
        boolean visible = holderScope != null && Jurisdiction.covers(actor, holderScope);
        String step = command instanceof ReopenCase ? "重新开案（案件编号 " + command.caseId() + "）" : "登记新案件";
        accessLog.record(actor, AccessAction.DUPLICATE_OPEN_CASE_REFUSED, holder,
                         step + "被拒：该学生已有未结案件" + (visible ? "" : "，该案件不在操作人管辖范围内，未告知案件编号"),
                         origin == null ? null : origin.channel() + " " + origin.clientAddress());
        return new ConflictException("DUPLICATE_OPEN_CASE", visible
                ? "该学生已有未结案件（案件编号 " + holder + "），请在原案件上继续办理，不要重复登记"
                : "该学生已有未结案件，由其他地区或学校办理，不能重复登记；如有疑问，请联系县（市、区）教育局核实", false);
    }

    /** The case's current scope, or null when it has no stored identification. */
    private CaseScope currentScope(String caseId) {
        return storedCases.read(caseId).scope();
    }

    /** The county of the case's household as the case stands now, or null for a case not stored. */
    private String caseCounty(String caseId) {
        CaseScope scope = currentScope(caseId);
        return scope == null ? null : scope.village().county().value();
    }

    /** A hash of the command's content; an identification's server-chosen case id does not count. */
    private String fingerprint(CaseCommand command) {
        Object content = command instanceof IdentifyCase identify
                ? new IdentifyCase(FINGERPRINT_CASE_ID, identify.source(), identify.sourceNote(), identify.identifiedOn(),
                                   identify.student(), identify.household(), identify.lastSchool(),
                                   identify.priorityCategories(), identify.suspectedReasons())
                : command;
        byte[] bytes = serializer.serialize(content, byte[].class).getData();
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static String checkedRequestId(String requestId) {
        if (requestId == null || requestId.isBlank()) {
            return UUID.randomUUID().toString(); // no retry protection: the client did not ask for it
        }
        if (!REQUEST_ID.matcher(requestId).matches()) {
            throw new InvalidValueException("REQUEST_ID_INVALID", "X-Request-Id",
                    "请求编号格式不正确：应为 8–64 位字母、数字或 - _ . :（建议使用客户端生成的 UUID）");
        }
        return requestId;
    }
}
