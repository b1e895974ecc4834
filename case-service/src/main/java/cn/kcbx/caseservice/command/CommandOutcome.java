package cn.kcbx.caseservice.command;

/**
 * What a command did: the case it concerned, the request id it was stored under and whether this answer replays an
 * earlier identical submission (nothing new was stored).
 */
public record CommandOutcome(String caseId, String requestId, boolean replayed) {
}
