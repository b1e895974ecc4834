package cn.kcbx.query.projection;

import cn.kcbx.kernel.DomainException;

/** A single projection cannot heal a read side that is ahead of the store: every projection must be rebuilt (409). */
public class FullRebuildRequiredException extends DomainException {

    public FullRebuildRequiredException() {
        super("FULL_REBUILD_REQUIRED", null,
              "读侧超前于事件库，必须重建全部投影（POST /api/admin/projections/rebuild），单个投影的重建无法恢复一致");
    }
}
