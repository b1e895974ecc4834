package cn.kcbx.demo;

import cn.kcbx.kernel.actor.Actor;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One command of the demo timeline, as a client would send it.
 *
 * @param at           when it is recorded (the simulated clock is set to this instant)
 * @param businessDate the day it happened (the command's date field)
 * @param caseIndex    which demo case; the case id is known only once its identification was answered
 * @param path         the endpoint below /api/cases: "" for identification, else e.g. "/visits"
 * @param channel      X-Client-Channel
 * @param requestId    X-Request-Id, derived from the seed, the size and the step's place in the timeline
 */
record DemoStep(Instant at, LocalDate businessDate, int caseIndex, String path, ObjectNode body, Actor actor,
                String channel, String requestId) {

    DemoStep withRequestId(String id) {
        return new DemoStep(at, businessDate, caseIndex, path, body, actor, channel, id);
    }

    boolean identifies() {
        return path.isEmpty();
    }
}
