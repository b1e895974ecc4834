package cn.kcbx.faultharness;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Retries are answered as replays: every acknowledged request is sent once more, by the same user with the same
 * request id and body, and the answer must be 2xx with {@code "replayed": true} and the same case. (A lost command is
 * stored anew by such a retry, so this runs after the store and projection checks.)
 */
final class ReplayCheck {

    record Result(int retried, int replayed, List<String> failures) {
    }

    private final Api api;
    private final Accounts accounts;
    private final String caseServiceBase;

    ReplayCheck(Api api, Accounts accounts, String caseServiceBase) {
        this.api = api;
        this.accounts = accounts;
        this.caseServiceBase = caseServiceBase;
    }

    Result run(List<AnswerLog.Request> requests) throws InterruptedException {
        List<AnswerLog.Request> acknowledged = requests.stream().filter(AnswerLog.Request::acknowledged).toList();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger replayed = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> futures = new ArrayList<>();
        for (AnswerLog.Request request : acknowledged) {
            futures.add(pool.submit(() -> {
                String url = request.step.url(caseServiceBase, request.step == Step.IDENTIFY ? null : request.caseId);
                String token = accounts.token(request.account);
                Api.Answer answer = Accounts.retrying(() -> api.post(url, token, request.requestId, request.body));
                if (answer.status() == 401) {
                    String renewed = accounts.renew(request.account, token);
                    answer = Accounts.retrying(() -> api.post(url, renewed, request.requestId, request.body));
                }
                var json = answer.json();
                if (answer.ok() && json.path("replayed").asBoolean(false)
                        && request.caseId.equals(json.path("caseId").asText())) {
                    replayed.incrementAndGet();
                } else {
                    failures.add(request.requestId + " " + request.step + " case " + request.caseId + ": retry answered "
                                 + answer.status() + " " + StoreCheck.abbreviate(answer.body()));
                }
            }));
        }
        pool.shutdown();
        for (Future<?> future : futures) {
            try {
                future.get();
            } catch (java.util.concurrent.ExecutionException e) {
                failures.add("retry failed: " + e.getCause());
            }
        }
        return new Result(acknowledged.size(), replayed.get(), List.copyOf(failures));
    }
}
