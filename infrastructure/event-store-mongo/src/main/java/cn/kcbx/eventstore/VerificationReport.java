package cn.kcbx.eventstore;

import java.util.List;

/**
 * The outcome of verifying the whole event history.
 *
 * @param ok                 true when no link is broken
 * @param checkedEvents      case events whose hash was recomputed
 * @param checkedCases       cases whose chain was recomputed
 * @param checkpointsChecked checkpoints whose signature and content were checked
 * @param headPosition       the last global position looked at
 * @param emptyPositions     positions holding no event (given-up or deleted commits); the chains and checkpoints
 *                           decide whether a case event is missing, this number only informs
 * @param firstBrokenLink    the first problem found (checkpoints first, then in position order), or null
 * @param brokenLinks        the problems found, at most {@link #MAX_REPORTED} of them
 * @param brokenLinkCount    how many problems were found in all
 */
public record VerificationReport(boolean ok, long checkedEvents, long checkedCases, long checkpointsChecked,
                                 long headPosition, long emptyPositions,
                                 BrokenLink firstBrokenLink, List<BrokenLink> brokenLinks, long brokenLinkCount) {

    public static final int MAX_REPORTED = 100;
}
