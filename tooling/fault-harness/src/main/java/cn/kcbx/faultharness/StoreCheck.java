package cn.kcbx.faultharness;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Every acknowledged command is stored exactly once. For each case, the command side's own record
 * ({@code GET /api/cases/{id}/events}, read as the county) lists the case's events with the request id each came
 * from; an acknowledged request whose event is not there is lost, one whose event is there twice (or on two cases) is
 * duplicated, and a visit id logged twice is duplicated. Events from request ids the harness never sent are reported
 * as foreign.
 */
final class StoreCheck {

    record Finding(String kind, String requestId, String caseId, String detail) {
        @Override
        public String toString() {
            return kind + " " + requestId + " case " + caseId + ": " + detail;
        }
    }

    record Result(int casesRead, long eventsRead, int acknowledged, int lost, int duplicated, int foreign,
                  int storedUnacknowledged, List<Finding> findings, List<String> errors) {
    }

    private final Api api;
    private final String caseServiceBase;
    private final String token;

    StoreCheck(Api api, String caseServiceBase, String countyToken) {
        this.api = api;
        this.caseServiceBase = caseServiceBase;
        this.token = countyToken;
    }

    Result run(List<AnswerLog.Request> requests, Collection<String> extraCaseIds) throws InterruptedException {
        Map<String, AnswerLog.Request> byId = new HashMap<>();
        Set<String> caseIds = new LinkedHashSet<>();
        for (AnswerLog.Request request : requests) {
            byId.put(request.requestId, request);
            if (request.caseId != null) {
                caseIds.add(request.caseId);
            }
        }
        caseIds.addAll(extraCaseIds);
        // requestId -> (caseId -> events of the request's own type)
        Map<String, Map<String, Integer>> stored = new ConcurrentHashMap<>();
        Map<String, Integer> missingCases = new ConcurrentHashMap<>();
        List<Finding> findings = java.util.Collections.synchronizedList(new ArrayList<>());
        List<String> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        long[] events = new long[1];
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> futures = new ArrayList<>();
        for (String caseId : caseIds) {
            futures.add(pool.submit(() -> {
                Api.Answer answer = Accounts.retrying(() -> api.get(caseServiceBase + "/api/cases/" + caseId + "/events", token));
                if (answer.status() == 404) {
                    missingCases.put(caseId, 404);
                    return;
                }
                if (!answer.ok()) {
                    errors.add("events of case " + caseId + " answered " + answer.status() + " " + abbreviate(answer.body()));
                    return;
                }
                Set<String> visitIds = new HashSet<>();
                JsonNode list = answer.json();
                synchronized (events) {
                    events[0] += list.size();
                }
                for (JsonNode event : list) {
                    String type = event.path("type").asText();
                    String requestId = event.path("recordedBy").path("requestId").asText(null);
                    if (type.equals("VisitLogged")) {
                        String visitId = event.path("data").path("visitId").asText();
                        if (!visitIds.add(visitId)) {
                            findings.add(new Finding("DUPLICATED", requestId, caseId, "visit " + visitId + " logged twice"));
                        }
                    }
                    AnswerLog.Request request = requestId == null ? null : byId.get(requestId);
                    if (request == null) {
                        findings.add(new Finding("FOREIGN", requestId, caseId, type + " from a request the harness never sent"));
                        continue;
                    }
                    if (type.equals(request.step.eventType)) {
                        stored.computeIfAbsent(requestId, r -> new ConcurrentHashMap<>()).merge(caseId, 1, Integer::sum);
                    }
                }
            }));
        }
        pool.shutdown();
        for (Future<?> future : futures) {
            try {
                future.get();
            } catch (java.util.concurrent.ExecutionException e) {
                errors.add("reading events failed: " + e.getCause());
            }
        }
        int acknowledged = 0;
        int storedUnacknowledged = 0;
        for (AnswerLog.Request request : requests) {
            Map<String, Integer> where = stored.getOrDefault(request.requestId, Map.of());
            int copies = where.values().stream().mapToInt(Integer::intValue).sum();
            if (!request.acknowledged()) {
                if (copies > 0) {
                    storedUnacknowledged++;
                }
                if (copies > 1 || where.size() > 1) {
                    findings.add(new Finding("DUPLICATED", request.requestId, request.caseId,
                            "an unacknowledged " + request.step + " stored " + copies + " times on " + where.keySet()));
                }
                continue;
            }
            acknowledged++;
            if (copies == 0) {
                String why = missingCases.containsKey(request.caseId) ? "its case is gone (404)" : "no " + request.step.eventType;
                findings.add(new Finding("LOST", request.requestId, request.caseId, request.step + " acknowledged at "
                        + request.ackAt + (request.replayed ? " (as a replay)" : "") + ", " + why));
            } else if (copies > 1 || where.size() > 1 || !where.containsKey(request.caseId)) {
                findings.add(new Finding("DUPLICATED", request.requestId, request.caseId,
                        request.step + " stored " + copies + " times on " + where.keySet()));
            }
        }
        int lost = (int) findings.stream().filter(f -> f.kind.equals("LOST")).count();
        int duplicated = (int) findings.stream().filter(f -> f.kind.equals("DUPLICATED")).count();
        int foreign = (int) findings.stream().filter(f -> f.kind.equals("FOREIGN")).count();
        return new Result(caseIds.size(), events[0], acknowledged, lost, duplicated, foreign, storedUnacknowledged,
                          List.copyOf(findings), List.copyOf(errors));
    }

    static String abbreviate(String text) {
        if (text == null) {
            return "";
        }
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }
}
