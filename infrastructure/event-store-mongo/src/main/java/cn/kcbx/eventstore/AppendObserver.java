package cn.kcbx.eventstore;

/**
 * Told how long each append took and how it ended, for the services' metrics (event-store-spring wires a Micrometer
 * timer); the store itself needs no metrics library.
 */
@FunctionalInterface
public interface AppendObserver {

    AppendObserver NONE = (outcome, nanos) -> {
    };

    /** How an append ended: stored, refused (a lost race on the case, a resent request), or failed otherwise. */
    enum Outcome { STORED, CONFLICT, FAILED }

    void appended(Outcome outcome, long nanos);
}
