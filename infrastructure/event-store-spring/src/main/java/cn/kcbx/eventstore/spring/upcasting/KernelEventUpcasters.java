package cn.kcbx.eventstore.spring.upcasting;

import cn.kcbx.kernel.dropoutcase.disability.DisabilityRecorded;
import cn.kcbx.kernel.dropoutcase.trio.TrioAssigned;
import cn.kcbx.kernel.dropoutcase.trio.TrioMemberReplaced;

import org.axonframework.serialization.upcasting.event.EventUpcasterChain;

import java.util.List;

/**
 * Every upcaster of the kernel's stored events, in the order they apply. The storage engine runs them on every
 * event it reads (an aggregate's history, the query service's stream), so the rest of the code only ever sees the
 * current shapes of {@link KernelEventRevisions}.
 */
public final class KernelEventUpcasters {

    private KernelEventUpcasters() {
    }

    /** The events that had no business date before revision "2" (issue 14). */
    static List<BusinessDateUpcaster> upcasters() {
        return List.of(
                new BusinessDateUpcaster(TrioAssigned.class, null, "2", "assignedOn"),
                new BusinessDateUpcaster(TrioMemberReplaced.class, null, "2", "replacedOn"),
                new BusinessDateUpcaster(DisabilityRecorded.class, null, "2", "verifiedOn"));
    }

    public static EventUpcasterChain chain() {
        return new EventUpcasterChain(upcasters());
    }
}
