package cn.kcbx.query.projection;

import cn.kcbx.kernel.DomainException;

/** A rebuild is already running (HTTP 409, retryable once it has finished). */
public class RebuildInProgressException extends DomainException {

    public RebuildInProgressException() {
        super("REBUILD_IN_PROGRESS", null, "已有投影正在重建，请在完成后再试（可查看 GET /api/admin/projections）");
    }
}
