package cn.kcbx.query.live;

import cn.kcbx.query.live.FanOut.LiveEvent;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** One subscriber that stops reading holds up nobody else, and is dropped once too far behind. */
class FanOutTest {

    private final FanOut fanOut = new FanOut(4, 8);

    @AfterEach
    void shutdown() {
        fanOut.shutdown();
    }

    @Test
    void a_client_that_stops_reading_does_not_hold_up_the_300_others_and_is_dropped_when_too_far_behind()
            throws Exception {
        CountDownLatch stalled = new CountDownLatch(1);
        CountDownLatch released = new CountDownLatch(1);
        AtomicInteger stalledEnded = new AtomicInteger();
        AtomicInteger stalledClosed = new AtomicInteger();
        FanOut.Outbox slow = fanOut.open(new FanOut.Sink() {
            @Override
            public void send(LiveEvent event) throws InterruptedIOException {
                stalled.countDown();
                try {
                    released.await(); // a client whose socket is full: the write blocks
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException();
                }
            }

            @Override
            public void end() {
                stalledEnded.incrementAndGet();
            }
        }, stalledClosed::incrementAndGet);
        CountDownLatch everyoneElse = new CountDownLatch(300);
        List<FanOut.Outbox> others = new ArrayList<>();
        List<String> received = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 300; i++) {
            others.add(fanOut.open(new FanOut.Sink() {
                @Override
                public void send(LiveEvent event) {
                    received.add(event.name());
                    everyoneElse.countDown();
                }

                @Override
                public void end() {
                }
            }, () -> { }));
        }

        assertThat(slow.offer(new LiveEvent("ledger-row", "row"))).isTrue();
        assertThat(stalled.await(10, TimeUnit.SECONDS)).isTrue();
        others.forEach(outbox -> outbox.offer(new LiveEvent("ledger-row", "row")));

        assertThat(everyoneElse.await(10, TimeUnit.SECONDS)).as("the others got the row while one client is stalled")
                                                             .isTrue();
        assertThat(received).hasSize(300).containsOnly("ledger-row");

        for (int i = 0; i < 8; i++) {
            assertThat(slow.offer(new LiveEvent("ledger-row", "row " + i))).isTrue();
        }
        assertThat(slow.offer(new LiveEvent("ledger-row", "one too many"))).isFalse();
        assertThat(slow.isOpen()).isFalse();
        assertThat(slow.closedBecause()).isEqualTo("TOO_SLOW");
        assertThat(stalledClosed.get()).isEqualTo(1);

        released.countDown(); // the blocked write returns at last: the stream is ended, nothing more is sent
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (stalledEnded.get() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(stalledEnded.get()).isEqualTo(1);
        assertThat(others).allMatch(FanOut.Outbox::isOpen);
    }

    @Test
    void the_last_event_goes_out_after_what_was_queued_and_then_the_stream_ends() throws Exception {
        List<String> sent = new CopyOnWriteArrayList<>();
        CountDownLatch ended = new CountDownLatch(1);
        AtomicInteger closed = new AtomicInteger();
        FanOut.Outbox outbox = fanOut.open(new FanOut.Sink() {
            @Override
            public void send(LiveEvent event) {
                sent.add(event.name() + (event.last() ? " (last)" : ""));
            }

            @Override
            public void end() {
                ended.countDown();
            }
        }, closed::incrementAndGet);

        outbox.offer(new LiveEvent("measures", "m"));
        outbox.offer(new LiveEvent("ledger-row", "r"));
        outbox.offerLast(new LiveEvent("stream-closed", "replaced"));
        assertThat(outbox.offer(new LiveEvent("ledger-row", "too late"))).isFalse();

        assertThat(ended.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(sent).containsExactly("measures", "ledger-row", "stream-closed (last)");
        assertThat(closed.get()).isEqualTo(1);
        assertThat(outbox.closedBecause()).isEqualTo("ENDED");
    }
}
