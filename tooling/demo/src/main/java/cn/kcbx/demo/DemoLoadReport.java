package cn.kcbx.demo;

import java.util.List;

/**
 * What one start with the demo switched on did.
 *
 * @param caseIds the case id of every demo case, by case index (null where identification failed)
 */
record DemoLoadReport(Outcome outcome, int cases, int commands, int rejections, int replayed, int skipped,
                      long elapsedMillis, List<String> caseIds, DemoTimeline timeline) {

    enum Outcome {
        LOADED,
        /** The store already holds this demo county (its first request id is known). */
        ALREADY_LOADED,
        /** The store holds other data: the demo is only ever loaded into an empty store. */
        STORE_NOT_EMPTY
    }
}
