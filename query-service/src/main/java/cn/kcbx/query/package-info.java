/**
 * The read side: projections of the case events (三帮一 ledger, 劝返销号台账, town dashboards, county reports) and
 * their read APIs. It reads the shared event store with streaming processors in its own process and never calls the
 * case service. Built in the projections issue; this module is the skeleton it grows from.
 */
package cn.kcbx.query;
