package cn.kcbx.faultharness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Projections equal a full rebuild. Reads what the query service shows (the county's 三帮一 ledger with every row of
 * every status, the 劝返销号 account, the county report, every case's timeline), rebuilds every projection from the
 * start of the store ({@code POST /api/admin/projections/rebuild}, waiting for it to complete), reads it all again and
 * compares; any difference is a mismatch.
 */
final class ProjectionCheck {

    static final String ALL_STATUSES = "IDENTIFIED,PENDING_RECHECK,CONFIRMED_DROPOUT,PERSUADING,HOME_TEACHING,RETURNED,CLOSED";
    /** Fields that say when a read happened, not what it found. */
    private static final Set<String> VOLATILE = Set.of("asOf", "generatedAt", "computedAt");

    record Result(int casesInLedger, List<String> caseIds, int comparedItems, List<String> mismatches, String rebuild, List<String> errors) {
    }

    private final Api api;
    private final String queryBase;
    private final String countyToken;
    private final String adminToken;
    private final List<String> errors = new ArrayList<>();
    private final long catchUpMillis;

    ProjectionCheck(Api api, String queryBase, String countyToken, String adminToken, long catchUpMillis) {
        this.catchUpMillis = catchUpMillis;
        this.api = api;
        this.queryBase = queryBase;
        this.countyToken = countyToken;
        this.adminToken = adminToken;
    }

    /** Waits until every projection's live position has reached the store's head (and stays there briefly). */
    boolean awaitCaughtUp(long timeoutMillis) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        int stable = 0;
        while (System.currentTimeMillis() < deadline) {
            Api.Answer answer = api.get(queryBase + "/api/admin/projections", adminToken);
            if (answer.ok()) {
                boolean caughtUp = true;
                for (JsonNode projection : answer.json()) {
                    JsonNode live = projection.path("livePosition");
                    if (live.isNull() || live.isMissingNode() || live.asLong() < projection.path("headPosition").asLong()) {
                        caughtUp = false;
                    }
                }
                if (caughtUp && ++stable >= 3) {
                    return true;
                }
                if (!caughtUp) {
                    stable = 0;
                }
            }
            Accounts.sleep(300);
        }
        return false;
    }

    /** Everything the read side shows for the county, keyed (e.g. "ledger/<caseId>"), volatile fields removed. */
    Map<String, JsonNode> snapshot() throws InterruptedException {
        Map<String, JsonNode> items = new ConcurrentSkipListMap<>();
        String county = FictionalCounty.COUNTY;
        Set<String> caseIds = new TreeSet<>();
        for (int page = 0; ; page++) {
            JsonNode ledger = read("/api/ledgers/sanbang?region=" + county + "&status=" + ALL_STATUSES
                                   + "&sort=identifiedOn&size=500&page=" + page);
            if (ledger == null) {
                break;
            }
            for (JsonNode row : ledger.path("rows")) {
                caseIds.add(row.path("caseId").asText());
                items.put("ledger/" + row.path("caseId").asText(), clean(row));
            }
            items.put("ledger/total", ledger.path("total"));
            if ((long) (page + 1) * 500 >= ledger.path("total").asLong()) {
                break;
            }
        }
        for (int page = 0; ; page++) {
            JsonNode returns = read("/api/ledgers/returns?region=" + county + "&size=500&page=" + page);
            if (returns == null) {
                break;
            }
            if (page == 0) {
                items.put("returns/summary", clean(returns.path("summary")));
                items.put("returns/units", clean(returns.path("units")));
            }
            JsonNode students = returns.path("students");
            for (JsonNode row : students.path("rows")) {
                items.put("returns/row/" + row.path("caseId").asText(), clean(row));
            }
            if ((long) (page + 1) * 500 >= students.path("total").asLong()) {
                break;
            }
        }
        JsonNode report = read("/api/reports/counties/" + county);
        if (report != null) {
            items.put("report", clean(report));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> futures = new ArrayList<>();
        for (String caseId : caseIds) {
            futures.add(pool.submit(() -> {
                JsonNode timeline = read("/api/cases/" + caseId + "/timeline");
                if (timeline != null) {
                    items.put("timeline/" + caseId, clean(timeline));
                }
            }));
        }
        pool.shutdown();
        for (Future<?> future : futures) {
            try {
                future.get();
            } catch (java.util.concurrent.ExecutionException e) {
                synchronized (errors) {
                    errors.add("timeline read failed: " + e.getCause());
                }
            }
        }
        return items;
    }

    /** Starts a rebuild of every projection and waits for it; returns its final state. */
    String rebuild(long timeoutMillis) {
        Api.Answer started = Accounts.retrying(() -> api.post(queryBase + "/api/admin/projections/rebuild", adminToken, null, null));
        if (started.status() != 202) {
            errors.add("rebuild answered " + started.status() + " " + StoreCheck.abbreviate(started.body()));
            return "NOT_STARTED";
        }
        String rebuildId = started.json().path("rebuildId").asText();
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            Accounts.sleep(500);
            Api.Answer answer = api.get(queryBase + "/api/admin/projections", adminToken);
            if (!answer.ok()) {
                continue;
            }
            boolean allDone = true;
            for (JsonNode projection : answer.json()) {
                JsonNode rebuild = projection.path("rebuild");
                if (!rebuildId.equals(rebuild.path("rebuildId").asText())) {
                    allDone = false;
                    continue;
                }
                String state = rebuild.path("state").asText();
                if (state.equals("FAILED")) {
                    errors.add("rebuild failed: " + rebuild.path("message").asText());
                    return "FAILED";
                }
                if (!state.equals("COMPLETED")) {
                    allDone = false;
                }
            }
            if (allDone) {
                return "COMPLETED";
            }
        }
        errors.add("rebuild " + rebuildId + " not complete after " + timeoutMillis / 1000 + " s");
        return "TIMED_OUT";
    }

    Result run() throws InterruptedException {
        if (!awaitCaughtUp(catchUpMillis)) {
            errors.add("the query service did not catch up with the store within " + catchUpMillis / 1000 + " s");
        }
        Map<String, JsonNode> before = snapshot();
        String rebuild = rebuild(600_000);
        if (!awaitCaughtUp(catchUpMillis)) {
            errors.add("the query service did not catch up after the rebuild within " + catchUpMillis / 1000 + " s");
        }
        Map<String, JsonNode> after = snapshot();
        List<String> mismatches = compare(before, after);
        List<String> caseIds = before.keySet().stream().filter(k -> k.startsWith("ledger/") && !k.equals("ledger/total"))
                                     .map(k -> k.substring("ledger/".length())).toList();
        return new Result(caseIds.size(), caseIds, before.size(), mismatches, rebuild, List.copyOf(errors));
    }

    static List<String> compare(Map<String, JsonNode> before, Map<String, JsonNode> after) {
        List<String> mismatches = new ArrayList<>();
        Set<String> keys = new TreeSet<>(before.keySet());
        keys.addAll(after.keySet());
        for (String key : keys) {
            JsonNode a = before.get(key);
            JsonNode b = after.get(key);
            if (a == null) {
                mismatches.add(key + ": only after the rebuild: " + StoreCheck.abbreviate(String.valueOf(b)));
            } else if (b == null) {
                mismatches.add(key + ": only before the rebuild: " + StoreCheck.abbreviate(String.valueOf(a)));
            } else if (!a.equals(b)) {
                mismatches.add(key + ": " + firstDifference("", a, b));
            }
        }
        return mismatches;
    }

    /** Where two JSON trees first differ, e.g. "/rows/3/visitCount: 2 ≠ 3". */
    static String firstDifference(String path, JsonNode a, JsonNode b) {
        if (a.isObject() && b.isObject()) {
            Set<String> names = new TreeSet<>();
            a.fieldNames().forEachRemaining(names::add);
            b.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                JsonNode x = a.path(name);
                JsonNode y = b.path(name);
                if (!x.equals(y)) {
                    return firstDifference(path + "/" + name, x, y);
                }
            }
        } else if (a.isArray() && b.isArray()) {
            for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
                if (!a.get(i).equals(b.get(i))) {
                    return firstDifference(path + "/" + i, a.get(i), b.get(i));
                }
            }
            return path + ": " + a.size() + " entries before, " + b.size() + " after";
        }
        return (path.isEmpty() ? "/" : path) + ": " + StoreCheck.abbreviate(a.toString()) + " before ≠ "
                + StoreCheck.abbreviate(b.toString()) + " after";
    }

    private JsonNode read(String path) {
        Api.Answer answer = Accounts.retrying(() -> api.get(queryBase + path, countyToken));
        if (!answer.ok()) {
            synchronized (errors) {
                errors.add("GET " + path + " answered " + answer.status() + " " + StoreCheck.abbreviate(answer.body()));
            }
            return null;
        }
        return answer.json();
    }

    /** A copy without the fields that only say when it was read. */
    static JsonNode clean(JsonNode node) {
        JsonNode copy = node.deepCopy();
        strip(copy);
        return copy;
    }

    private static void strip(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
                if (VOLATILE.contains(names.next())) {
                    names.remove();
                }
            }
            object.forEach(ProjectionCheck::strip);
        } else if (node instanceof ArrayNode array) {
            array.forEach(ProjectionCheck::strip);
        }
    }
}
