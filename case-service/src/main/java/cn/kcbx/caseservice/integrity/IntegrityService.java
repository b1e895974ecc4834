package cn.kcbx.caseservice.integrity;

import cn.kcbx.access.log.AccessAction;
import cn.kcbx.access.log.AccessLog;
import cn.kcbx.caseservice.command.ConflictException;
import cn.kcbx.eventstore.BrokenLink;
import cn.kcbx.eventstore.Checkpoint;
import cn.kcbx.eventstore.IntegrityCheckpoints;
import cn.kcbx.eventstore.IntegrityVerifier;
import cn.kcbx.eventstore.IntegrityViolationException;
import cn.kcbx.eventstore.VerificationReport;
import cn.kcbx.kernel.actor.Actor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.UncheckedIOException;
import java.util.Set;

/**
 * Signed checkpoints and verification of the event history, each run recorded in the access log. Who may ask is the
 * web layer's business; this service only does it and writes down who did.
 */
public class IntegrityService {

    private static final Logger log = LoggerFactory.getLogger(IntegrityService.class);

    private final IntegrityCheckpoints checkpoints;
    private final SigningKeySource signingKey;
    private final Set<String> trustedPublicKeys;
    private final AccessLog accessLog;

    public IntegrityService(IntegrityCheckpoints checkpoints, SigningKeySource signingKey,
                            Set<String> trustedPublicKeys, AccessLog accessLog) {
        this.checkpoints = checkpoints;
        this.signingKey = signingKey;
        this.trustedPublicKeys = Set.copyOf(trustedPublicKeys);
        this.accessLog = accessLog;
    }

    /**
     * Signs a checkpoint at the current end of the log (or answers the latest one if nothing was stored since).
     *
     * @throws ConflictException when the history is already broken (signing it would hide that) or the key is missing
     */
    public Checkpoint takeCheckpoint(Actor actor, String origin) {
        try {
            Checkpoint checkpoint = checkpoints.take(trustedPublicKeys);
            accessLog.record(actor, AccessAction.CHECKPOINT_SIGNED, null, describe(checkpoint), origin);
            return checkpoint;
        } catch (IntegrityViolationException e) {
            accessLog.record(actor, AccessAction.CHECKPOINT_SIGNED, e.brokenLink().caseId(),
                             "refused: " + e.brokenLink().kind(), origin);
            throw new ConflictException("INTEGRITY_BROKEN", "事件记录或校验点已被改动，不能签发校验点（签发会掩盖改动）："
                    + e.brokenLink().message() + "。请运行完整核验（POST /api/integrity/verification）查看详情", false);
        } catch (UncheckedIOException e) {
            // The checkpoint may be stored already; the next checkpoint (or a restart) catches the head up to it.
            log.error("Integrity checkpoint head file not written: {}", e.getMessage(), e);
            throw new ConflictException("CHECKPOINT_HEAD_UNWRITABLE", "签发方在数据库之外记录最新校验点的文件（"
                    + checkpoints.headFile() + "）无法写入。请检查该目录的权限和磁盘空间后重试", true);
        }
    }

    /**
     * At start: compare the stored checkpoints with the head recorded beside the key, and move the head on to
     * genuine checkpoints stored after it (a crash after storing one). Without a key file nothing was signed here.
     */
    public void catchUpCheckpointHead() {
        try {
            if (signingKey.publicKey().isEmpty()) {
                return;
            }
            BrokenLink problem = checkpoints.catchUpHead(trustedPublicKeys);
            if (problem != null) {
                log.error("Integrity checkpoints do not match the head recorded outside MongoDB ({}): {} checkpoint {}."
                                  + " No checkpoint is signed until this is resolved. Run POST "
                                  + "/api/integrity/verification.", checkpoints.headFile(), problem.kind(),
                          problem.checkpoint());
            }
        } catch (RuntimeException e) {
            log.error("Integrity checkpoint head not checked at start: {}", e.getMessage(), e);
        }
    }

    /**
     * The scheduled checkpoint: never throws, logs what went wrong. Not in the access log, which records what users
     * did; the service's own checkpoints are in the checkpoint collection and the service log.
     */
    public void takeScheduledCheckpoint() {
        try {
            checkpoints.take(trustedPublicKeys);
        } catch (IntegrityViolationException e) {
            BrokenLink link = e.brokenLink();
            log.error("Integrity checkpoint refused, the event history is broken: {} case {} sequence {} position {}"
                              + " checkpoint {}. Run POST /api/integrity/verification.", link.kind(), link.caseId(),
                      link.sequence(), link.position(), link.checkpoint());
        } catch (RuntimeException e) {
            log.error("Integrity checkpoint failed: {}", e.getMessage(), e);
        }
    }

    /** Verifies every case's chain and every checkpoint. */
    public VerificationReport verify(Actor actor, String origin) {
        VerificationReport report = new IntegrityVerifier(checkpoints).verify(signingKey.publicKey().orElse(null),
                                                                              trustedPublicKeys);
        BrokenLink first = report.firstBrokenLink();
        accessLog.record(actor, AccessAction.INTEGRITY_VERIFIED, first == null ? null : first.caseId(),
                         "ok=" + report.ok() + " events=" + report.checkedEvents() + " cases=" + report.checkedCases()
                                 + " checkpoints=" + report.checkpointsChecked()
                                 + (first == null ? "" : " firstBrokenLink=" + first.kind()
                                         + " brokenLinks=" + report.brokenLinkCount()), origin);
        if (!report.ok()) {
            log.error("Integrity verification by {} found {} broken link(s); the first: {} case {} sequence {} "
                              + "position {} checkpoint {}", actor.userId(), report.brokenLinkCount(), first.kind(),
                      first.caseId(), first.sequence(), first.position(), first.checkpoint());
        }
        return report;
    }

    private static String describe(Checkpoint checkpoint) {
        return "checkpoint " + checkpoint.number() + " upToPosition=" + checkpoint.upToPosition() + " cases="
                + checkpoint.caseCount() + " rootHash=" + checkpoint.rootHash();
    }
}
