package cn.kcbx.query.measure;

/**
 * How long a step may wait before the ledger flags it, for one county.
 *
 * @param trioDays  days a confirmed dropout may wait for its 三帮一 helpers
 * @param visitDays days a case under persuasion may go without a visit (counted from the last visit, or from when the
 *                  helpers were assigned or the case resumed)
 */
public record OverdueRules(int trioDays, int visitDays) {

    public OverdueRules {
        if (trioDays < 1 || visitDays < 1) {
            throw new IllegalArgumentException("overdue thresholds must be at least 1 day: trio " + trioDays
                                                       + ", visit " + visitDays);
        }
    }
}
