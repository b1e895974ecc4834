package cn.kcbx.caseservice.command;

import cn.kcbx.caseservice.studentregistry.StudentCaseRegistry;
import cn.kcbx.eventstore.DuplicateRequestException;
import cn.kcbx.eventstore.GapFreeMongoEventStorageEngine;
import cn.kcbx.eventstore.StoredRequest;
import cn.kcbx.kernel.InvalidValueException;
import cn.kcbx.kernel.dropoutcase.CaseCommand;
import cn.kcbx.kernel.dropoutcase.closure.ReopenCase;
import cn.kcbx.kernel.dropoutcase.identification.CaseIdentified;
import cn.kcbx.kernel.dropoutcase.identification.IdentifyCase;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.DomainEventMessage;

/**
 * Sends case commands with who-and-where-from metadata, exactly once per client request id: a retried submission
 * (a phone on a bad network) gets the first answer again and stores nothing new. The one-open-case-per-student rule
 * is checked here, set-wide, before identification and reopening.
 */
public class CaseCommandService {

    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{8,64}");

    private final CommandGateway commandGateway;
    private final GapFreeMongoEventStorageEngine eventStorage;
    private final StudentCaseRegistry studentRegistry;

    public CaseCommandService(CommandGateway commandGateway, GapFreeMongoEventStorageEngine eventStorage,
                              StudentCaseRegistry studentRegistry) {
        this.commandGateway = commandGateway;
        this.eventStorage = eventStorage;
        this.studentRegistry = studentRegistry;
    }

    /** Opens a case, unless the student already has an open one. */
    public CommandOutcome identify(IdentifyCase command, String requestId, Actor actor, RequestOrigin origin) {
        String checkedRequestId = checkedRequestId(requestId);
        Optional<CommandOutcome> earlier = earlierOutcome(checkedRequestId, command, false);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        String studentKey = command.student().studentKey();
        studentRegistry.claim(studentKey, command.caseId());
        try {
            return send(command, checkedRequestId, actor, origin);
        } catch (RuntimeException e) {
            studentRegistry.releaseFailed(studentKey, command.caseId());
            throw e;
        }
    }

    /** Reopens a closed case, unless the student has meanwhile got another open case. */
    public CommandOutcome reopen(ReopenCase command, String requestId, Actor actor, RequestOrigin origin) {
        String checkedRequestId = checkedRequestId(requestId);
        Optional<CommandOutcome> earlier = earlierOutcome(checkedRequestId, command, true);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        studentRegistry.claim(studentKeyOf(command.caseId()), command.caseId());
        return send(command, checkedRequestId, actor, origin);
    }

    /** Any other case command. */
    public CommandOutcome execute(CaseCommand command, String requestId, Actor actor, RequestOrigin origin) {
        String checkedRequestId = checkedRequestId(requestId);
        return earlierOutcome(checkedRequestId, command, true)
                .orElseGet(() -> send(command, checkedRequestId, actor, origin));
    }

    private CommandOutcome send(CaseCommand command, String requestId, Actor actor, RequestOrigin origin) {
        try {
            commandGateway.sendAndWait(GenericCommandMessage.asCommandMessage(command)
                                                            .andMetaData(CommandMetaData.of(requestId, actor,
                                                                                            origin, command)));
            return new CommandOutcome(command.caseId(), requestId, false);
        } catch (RuntimeException e) {
            if (causedBy(e, DuplicateRequestException.class)) {
                // The same request raced itself (sent twice at once): the first one won, answer as it did.
                return earlierOutcome(requestId, command, !(command instanceof IdentifyCase)).orElseThrow(() -> e);
            }
            throw e;
        }
    }

    /**
     * The outcome of an earlier submission of this request, if it was stored. The same request id on a different
     * command (or case) is a client bug, refused rather than silently answered with someone else's result.
     */
    private Optional<CommandOutcome> earlierOutcome(String requestId, CaseCommand command, boolean sameCaseRequired) {
        Optional<StoredRequest> stored = eventStorage.findRequest(requestId);
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        StoredRequest request = stored.get();
        boolean sameCommand = command.getClass().getSimpleName().equals(request.metaData().get(CommandMetaData.COMMAND));
        boolean sameCase = !sameCaseRequired || command.caseId().equals(request.aggregateId());
        if (!sameCommand || !sameCase) {
            throw new ConflictException("REQUEST_ID_REUSED",
                    "请求编号 " + requestId + " 已用于另一项操作；每次新的操作请使用新的请求编号", false);
        }
        return Optional.of(new CommandOutcome(request.aggregateId(), requestId, true));
    }

    private String studentKeyOf(String caseId) {
        return eventStorage.readEvents(caseId).asStream()
                           .map(DomainEventMessage::getPayload)
                           .filter(CaseIdentified.class::isInstance)
                           .map(payload -> ((CaseIdentified) payload).student().studentKey())
                           .findFirst()
                           .orElseThrow(() -> new CaseNotFoundException(caseId));
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

    static boolean causedBy(Throwable error, Class<? extends Throwable> type) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }
}
