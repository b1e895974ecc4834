package cn.kcbx.eventstore;

/** One case in a checkpoint: its last event's sequence number and hash at the checkpoint's position. */
public record CheckpointEntry(String caseId, long lastSequence, String hash) {
}
