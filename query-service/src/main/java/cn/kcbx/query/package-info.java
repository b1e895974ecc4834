/**
 * The read side: projections of the case events and their read APIs. It reads the shared event store with a pooled
 * streaming processor in its own process and never calls the case service. Packages by feature: {@code projection}
 * (idempotent, rebuildable projections and their operator API), {@code timeline} (the case timeline), {@code web}
 * (error handling; the acting user and the error shape come from {@code web-support}), {@code config} (Axon on the
 * shared store).
 */
package cn.kcbx.query;
