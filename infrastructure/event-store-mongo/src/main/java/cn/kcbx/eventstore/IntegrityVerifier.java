package cn.kcbx.eventstore;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies the whole event history: every checkpoint's signature, content and place in the checkpoint chain, that
 * the chain reaches the latest checkpoint the signer recorded outside MongoDB, then every case's hash chain in
 * position order, and at each checkpoint's position that every case's chain head matches what the checkpoint signed.
 * A deleted case, a deleted or rewritten event, or an edited or deleted checkpoint shows up.
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
        // The head before the checkpoints: a checkpoint stored meanwhile is then ahead of it, never missing.
        Optional<CheckpointHead> head = Optional.empty();
        try {
            head = checkpoints.head();
        } catch (IntegrityViolationException e) {
            report(walk, e.brokenLink());
        }
        Deque<Checkpoint> genuine = new ArrayDeque<>();
        long checked = 0;
        Checkpoint previous = null;
        Checkpoint atHeadNumber = null;
        boolean atHeadGenuine = false;
        boolean previousGenuine = true;
        long position = checkpoints.headPosition();
        for (Checkpoint checkpoint : checkpoints.all()) {
            checked++;
            if (previousGenuine) { // after a broken checkpoint its digest proves nothing: report that one only
                BrokenLink misplaced = IntegrityCheckpoints.placeInChain(previous, checkpoint);
                if (misplaced != null) {
                    report(walk, misplaced);
                }
            }
            previous = checkpoint;
            BrokenLink problem = checkpoints.problemWith(checkpoint, signingPublicKey, trustedPublicKeys);
            previousGenuine = problem == null;
            if (problem != null) {
                report(walk, problem);
            } else {
                genuine.add(checkpoint);
            }
            if (head.isPresent() && checkpoint.number() == head.get().number()) {
                atHeadNumber = checkpoint;
                atHeadGenuine = problem == null;
            }
        }
        if (head.isPresent() && (atHeadNumber == null || atHeadGenuine)) { // a broken one is reported already
            checkAgainstHead(walk, head.get(), atHeadNumber, previous);
        }
        // A checkpoint may lie beyond the head when commits at the end of the log were deleted.
        long to = Math.max(position, genuine.isEmpty() ? 0 : genuine.getLast().upToPosition());
        walk.walk(checkpoints.eventsCollection(), 1, to, next -> {
            while (!genuine.isEmpty() && genuine.peekFirst().upToPosition() < next) {
                Checkpoint due = genuine.removeFirst();
                walk.compare(due, checkpoints.entriesOf(due));
            }
        });
        for (Checkpoint due : genuine) {
            walk.compare(due, checkpoints.entriesOf(due));
        }
        List<BrokenLink> links = new ArrayList<>(walk.brokenLinks());
        return new VerificationReport(walk.brokenLinkCount() == 0, walk.checkedEvents(), walk.checkedCases(), checked,
                                      to, walk.emptyPositions(),
                                      links.isEmpty() ? null : links.get(0), links, walk.brokenLinkCount());
    }

    /**
     * The stored chain must reach the checkpoint the signer recorded as its latest, unchanged. It may go beyond it
     * (a crash between storing a checkpoint and writing the head): those checkpoints are checked like any other.
     */
    private static void checkAgainstHead(ChainWalk walk, CheckpointHead head, Checkpoint atHead, Checkpoint latest) {
        long latestNumber = latest == null ? 0 : latest.number();
        if (atHead != null) {
            if (!head.names(atHead)) {
                report(walk, IntegrityCheckpoints.headMismatch(head, atHead));
            }
        } else if (latestNumber < head.number()) {
            report(walk, IntegrityCheckpoints.missingFromHead(head, latestNumber));
        }
        // Otherwise the head's checkpoint is missing between stored ones: placeInChain reported that gap already.
    }

    private static void report(ChainWalk walk, BrokenLink link) {
        walk.report(link.kind(), link.caseId(), link.sequence(), link.position(), link.checkpoint(),
                    link.expectedHash(), link.actualHash(), link.message());
    }
}
