package cn.kcbx.faultharness;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * How far a case has got, as far as a 三帮一 ledger row shows it: status, number of visits and rung of the legal
 * ladder. Each only grows in this harness's walks, so "the row shows at least this" tells that a command's effect has
 * reached the read side even when later commands on the case got there in the same row.
 */
record Progress(int status, int visits, int legal) {

    static final List<String> STATUSES = List.of("IDENTIFIED", "CONFIRMED_DROPOUT", "PERSUADING", "RETURNED", "CLOSED");
    static final List<String> LEGAL_STEPS = List.of("NONE", "CRITICISED", "ORDER_ISSUED", "DOCUMENTS_SERVED");

    /** What a ledger row shows, or null if it is not a row of a case this harness walks. */
    static Progress ofLedgerRow(JsonNode row) {
        int status = STATUSES.indexOf(row.path("status").path("code").asText(""));
        int legal = LEGAL_STEPS.indexOf(row.path("legalStep").path("code").asText("NONE"));
        if (status < 0) {
            return null;
        }
        return new Progress(status, row.path("visitCount").asInt(0), Math.max(legal, 0));
    }

    boolean reachedBy(Progress shown) {
        return shown != null && shown.status >= status && shown.visits >= visits && shown.legal >= legal;
    }
}
