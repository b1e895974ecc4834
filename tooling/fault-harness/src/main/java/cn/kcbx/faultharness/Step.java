package cn.kcbx.faultharness;

/**
 * The case steps the simulated users take, with the endpoint (relative to {@code /api/cases/{id}}), the role that
 * takes it in this harness and the one event each stores (how the store check finds a command's effect).
 */
enum Step {
    IDENTIFY("", "VILLAGE", "CaseIdentified"),
    CONFIRM("/verification/confirm", "VILLAGE", "DropoutConfirmed"),
    TRIO("/trio", "TOWN", "TrioAssigned"),
    VISIT("/visits", "VILLAGE", "VisitLogged"),
    CRITICISM("/legal/criticism", "TOWN", "CriticismEducationRecorded"),
    CORRECTION_ORDER("/legal/correction-orders", "TOWN", "CorrectionOrderIssued"),
    DOCUMENT_SERVED("/legal/served-documents", "TOWN", "LegalDocumentServed"),
    RETURN("/return", "SCHOOL", "StudentReturnedToSchool"),
    CROSS_OFF("/cross-off", "SCHOOL", "CaseCrossedOff");

    final String path;
    final String role;
    final String eventType;

    Step(String path, String role, String eventType) {
        this.path = path;
        this.role = role;
        this.eventType = eventType;
    }

    String url(String caseServiceBase, String caseId) {
        return this == IDENTIFY ? caseServiceBase + "/api/cases" : caseServiceBase + "/api/cases/" + caseId + path;
    }

    static Step ofEventType(String type) {
        for (Step step : values()) {
            if (step.eventType.equals(type)) {
                return step;
            }
        }
        return null;
    }
}
