package cn.kcbx.faultharness;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The hash chains and checkpoints hold after the faults: sign a checkpoint now ({@code POST /api/integrity/checkpoints})
 * and verify everything ({@code POST /api/integrity/verification}), as the county; the answer must say {@code ok}.
 */
final class IntegrityCheck {

    record Result(boolean ok, String checkpoint, long checkedEvents, String firstBrokenLink) {
    }

    private final Api api;
    private final String caseServiceBase;
    private final String countyToken;

    IntegrityCheck(Api api, String caseServiceBase, String countyToken) {
        this.api = api;
        this.caseServiceBase = caseServiceBase;
        this.countyToken = countyToken;
    }

    Result run() {
        Api.Answer checkpoint = Accounts.retrying(() -> api.post(caseServiceBase + "/api/integrity/checkpoints",
                                                                 countyToken, null, null));
        String checkpointSummary = checkpoint.status() + " " + StoreCheck.abbreviate(checkpoint.body());
        Api.Answer verification = Accounts.retrying(() -> api.post(caseServiceBase + "/api/integrity/verification",
                                                                   countyToken, null, null));
        if (!verification.ok()) {
            return new Result(false, checkpointSummary, 0,
                              "verification answered " + verification.status() + " " + StoreCheck.abbreviate(verification.body()));
        }
        JsonNode report = verification.json();
        JsonNode broken = report.path("firstBrokenLink");
        return new Result(checkpoint.ok() && report.path("ok").asBoolean(false), checkpointSummary,
                          report.path("checkedEvents").asLong(),
                          broken.isMissingNode() || broken.isNull() ? null : StoreCheck.abbreviate(broken.toString()));
    }
}
