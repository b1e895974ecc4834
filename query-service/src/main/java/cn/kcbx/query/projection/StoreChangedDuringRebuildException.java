package cn.kcbx.query.projection;

/** The store lost events a rebuild had already folded (a crash or a rollback while it ran): the rebuild is void. */
class StoreChangedDuringRebuildException extends RuntimeException {

    StoreChangedDuringRebuildException() {
        super("the event store no longer holds the last event the rebuild folded");
    }
}
