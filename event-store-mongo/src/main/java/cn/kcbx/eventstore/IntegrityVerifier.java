package cn.kcbx.eventstore;

import cn.kcbx.eventstore.BrokenLink.Kind;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;

/**
 * Verifies the whole event history: every checkpoint's signature, content and place in the checkpoint chain, then
 * every case's hash chain in position order, and at each checkpoint's position that every case's chain head matches
 * what the checkpoint signed. A deleted case, a deleted or rewritten event, or an edited checkpoint shows up.
 * It reads only; writers go on meanwhile, and what they append after the walk started is simply not looked at.
 */
public class IntegrityVerifier {

    private final IntegrityCheckpoints checkpoints;

    public IntegrityVerifier(IntegrityCheckpoints checkpoints) {
        this.checkpoints = checkpoints;
    }

    /**
     * @param signingPublicKey  the public key of the configured signing key (null if there is none)
     * @param trustedPublicKeys further public keys whose checkpoints are genuine (earlier, rotated keys)
     */
    public VerificationReport verify(String signingPublicKey, Set<String> trustedPublicKeys) {
        ChainWalk walk = new ChainWalk();
        Deque<Checkpoint> genuine = new ArrayDeque<>();
        long checked = 0;
        Checkpoint previous = null;
        boolean previousGenuine = true;
        long head = checkpoints.headPosition();
        for (Checkpoint checkpoint : checkpoints.all()) {
            checked++;
            if (previousGenuine) { // after a broken checkpoint its digest proves nothing: report that one only
                checkPlaceInChain(walk, previous, checkpoint);
            }
            previous = checkpoint;
            BrokenLink problem = checkpoints.problemWith(checkpoint, signingPublicKey, trustedPublicKeys);
            previousGenuine = problem == null;
            if (problem != null) {
                walk.report(problem.kind(), problem.caseId(), problem.sequence(), problem.position(),
                            problem.checkpoint(), problem.expectedHash(), problem.actualHash(), problem.message());
            } else {
                genuine.add(checkpoint);
            }
        }
        // A checkpoint may lie beyond the head when commits at the end of the log were deleted.
        long to = Math.max(head, genuine.isEmpty() ? 0 : genuine.getLast().upToPosition());
        walk.walk(checkpoints.eventsCollection(), 1, to, position -> {
            while (!genuine.isEmpty() && genuine.peekFirst().upToPosition() < position) {
                Checkpoint due = genuine.removeFirst();
                walk.compare(due, checkpoints.entriesOf(due));
            }
        });
        for (Checkpoint due : genuine) {
            walk.compare(due, checkpoints.entriesOf(due));
        }
        List<BrokenLink> links = new ArrayList<>(walk.brokenLinks());
        return new VerificationReport(walk.brokenLinkCount() == 0, walk.checkedEvents(), walk.checkedCases(), checked,
                                      to, walk.emptyPositions(), walk.unchainedEvents(),
                                      links.isEmpty() ? null : links.get(0), links, walk.brokenLinkCount());
    }

    private static void checkPlaceInChain(ChainWalk walk, Checkpoint previous, Checkpoint checkpoint) {
        long expectedNumber = previous == null ? 1 : previous.number() + 1;
        if (checkpoint.number() != expectedNumber) {
            walk.report(Kind.CHECKPOINT_MISSING, null, null, null, expectedNumber, null, null,
                        "校验点缺失：第 " + expectedNumber + (checkpoint.number() - 1 > expectedNumber
                                ? "–" + (checkpoint.number() - 1) : "") + " 号校验点已被删除");
        } else if (!checkpoint.previousDigest().equals(previous == null ? EventChain.GENESIS : previous.digest())) {
            walk.report(Kind.CHECKPOINT_MISSING, null, null, null, checkpoint.number(),
                        previous == null ? EventChain.GENESIS : previous.digest(), checkpoint.previousDigest(),
                        "校验点链断开：第 " + checkpoint.number() + " 号校验点记录的前一校验点摘要与实际不符，"
                                + "前面的校验点被替换或改动");
        }
    }
}
