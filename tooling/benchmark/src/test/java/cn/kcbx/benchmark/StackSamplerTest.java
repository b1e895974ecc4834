package cn.kcbx.benchmark;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StackSamplerTest {

    @Test
    void aCommandParkedForTheAppendTurn_orForTheWriterThatTookItsCommit_isWaiting_notComputing() {
        assertThat(StackSampler.classifyWorker(stack(
                "jdk.internal.misc.Unsafe.park",
                "java.util.concurrent.locks.ReentrantLock$Sync.tryLockNanos",
                "java.util.concurrent.locks.ReentrantLock.tryLock",
                "cn.kcbx.eventstore.CommitAppender.takeTurn",
                "cn.kcbx.eventstore.CommitAppender.append")))
                .isEqualTo("wait  event-store append turn (localTurns lock)");
        assertThat(StackSampler.classifyWorker(stack(
                "jdk.internal.misc.Unsafe.park",
                "java.util.concurrent.CompletableFuture.timedGet",
                "java.util.concurrent.CompletableFuture.get",
                "cn.kcbx.eventstore.CommitAppender.awaitOutcome",
                "cn.kcbx.eventstore.CommitAppender.append")))
                .isEqualTo("wait  another writer storing this commit (group commit)");
        assertThat(StackSampler.classifyWorker(stack(
                "jdk.internal.misc.Unsafe.park",
                "java.util.concurrent.locks.AbstractQueuedSynchronizer.acquire",
                "cn.kcbx.eventstore.ChainHeads.previousHash")))
                .isEqualTo("wait  lock or condition in ChainHeads.previousHash");
    }

    @Test
    void aCommandRunningCodeInTheTurn_isComputing() {
        assertThat(StackSampler.classifyWorker(stack(
                "org.bson.BsonDocument.put",
                "cn.kcbx.eventstore.CommitDocuments.moveTo",
                "cn.kcbx.eventstore.CommitAppender.takeTurn",
                "cn.kcbx.eventstore.CommitAppender.append")))
                .isEqualTo("cpu   BSON codec in CommitDocuments.moveTo");
    }

    private static StackTraceElement[] stack(String... frames) {
        StackTraceElement[] stack = new StackTraceElement[frames.length];
        for (int i = 0; i < frames.length; i++) {
            int dot = frames[i].lastIndexOf('.');
            stack[i] = new StackTraceElement(frames[i].substring(0, dot), frames[i].substring(dot + 1), null, -1);
        }
        return stack;
    }
}
