package cn.kcbx.query.projection;

import java.util.List;

/**
 * One case's events read again from the store, up to a sequence: for a projection that must fold a case anew
 * (a step entered with an earlier date than the case's last one). The same events the stream delivers: upcast, and
 * with the personal fields of an erased case absent.
 */
public interface StoredCaseEvents {

    /** The case's events {@code 0..upToSequence}, in sequence order. */
    List<ProjectionEvent> upTo(String caseId, long upToSequence);
}
