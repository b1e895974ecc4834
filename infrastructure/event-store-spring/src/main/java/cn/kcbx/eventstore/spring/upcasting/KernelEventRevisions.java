package cn.kcbx.eventstore.spring.upcasting;

import cn.kcbx.kernel.dropoutcase.disability.DisabilityRecorded;
import cn.kcbx.kernel.dropoutcase.trio.TrioAssigned;
import cn.kcbx.kernel.dropoutcase.trio.TrioMemberReplaced;

import org.axonframework.serialization.AnnotationRevisionResolver;
import org.axonframework.serialization.RevisionResolver;

import java.util.Map;

/**
 * The current revision of each kernel event whose stored shape has changed, for the event serializer: the kernel
 * carries no framework annotations, so its events cannot name their revision with {@code @Revision}. A type not in
 * the table falls back to its annotation (none: revision null, the shape it has always had).
 *
 * <p>When an event's shape changes: bump its revision here and add the upcaster from the previous one to
 * {@link KernelEventUpcasters}.
 */
public final class KernelEventRevisions implements RevisionResolver {

    /** Revision "2": the business date (落实日期, 更换日期, 残疾情况核实日期) was added (issue 14). */
    static final Map<Class<?>, String> CURRENT = Map.of(
            TrioAssigned.class, "2",
            TrioMemberReplaced.class, "2",
            DisabilityRecorded.class, "2");

    private final RevisionResolver otherwise = new AnnotationRevisionResolver();

    @Override
    public String revisionOf(Class<?> payloadType) {
        String revision = CURRENT.get(payloadType);
        return revision != null ? revision : otherwise.revisionOf(payloadType);
    }
}
