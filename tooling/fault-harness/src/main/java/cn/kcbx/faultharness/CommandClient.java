package cn.kcbx.faultharness;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The client's side of the contract: a command goes out with its own {@code X-Request-Id}, and while no answer comes
 * (the service is down, stalled, or dropped the connection) it is sent again later with the SAME request id. A 2xx
 * answer is an acknowledgement. A 5xx answer is counted and retried a few times; a 401 renews the sign-in; a
 * retryable 409 is retried; any other 4xx is a refusal.
 */
final class CommandClient {

    static final long GIVE_UP_NANOS = 150_000_000_000L;
    static final int MAX_5XX_PER_REQUEST = 5;

    private final Api api;
    private final Accounts accounts;
    private final AnswerLog log;
    private final String caseServiceBase;
    final AtomicLong answers5xx = new AtomicLong();
    final AtomicLong noAnswer = new AtomicLong();

    CommandClient(Api api, Accounts accounts, AnswerLog log, String caseServiceBase) {
        this.api = api;
        this.accounts = accounts;
        this.log = log;
        this.caseServiceBase = caseServiceBase;
    }

    /** Sends until acknowledged, refused or given up; the request's fields say which. */
    void send(AnswerLog.Request request) {
        log.add(request);
        long start = System.nanoTime();
        long backoff = 100;
        int fiveHundreds = 0;
        String token = accounts.token(request.account);
        while (true) {
            request.attempts++;
            Api.Answer answer = api.post(request.step.url(caseServiceBase, request.caseId), token, request.requestId,
                                         request.body);
            log.attempt(request, request.attempts, answer, null);
            request.status = answer.status();
            request.answerBody = answer.body();
            if (answer.ok()) {
                var json = answer.json();
                request.outcome = AnswerLog.Outcome.ACKNOWLEDGED;
                request.replayed = json.path("replayed").asBoolean(false);
                if (request.caseId == null) {
                    request.caseId = json.path("caseId").asText(null);
                }
                request.latencyMillis = answer.latencyMillis();
                request.sentNanos = answer.sentNanos();
                request.ackNanos = answer.doneNanos();
                request.ackAt = Instant.now();
                return;
            }
            boolean givingUp = System.nanoTime() - start > GIVE_UP_NANOS;
            if (!answer.answered()) {
                noAnswer.incrementAndGet();
                if (givingUp) {
                    request.outcome = AnswerLog.Outcome.UNANSWERED;
                    return;
                }
                Accounts.sleep(backoff);
                backoff = Math.min(1000, backoff * 2);
                continue;
            }
            backoff = 100;
            if (answer.status() == 401) {
                token = accounts.renew(request.account, token);
                continue;
            }
            if (answer.status() >= 500) {
                answers5xx.incrementAndGet();
                if (++fiveHundreds >= MAX_5XX_PER_REQUEST || givingUp) {
                    request.outcome = AnswerLog.Outcome.FAILED_5XX;
                    return;
                }
                Accounts.sleep(500);
                continue;
            }
            if (answer.status() == 409 && answer.json().path("retryable").asBoolean(false) && !givingUp) {
                Accounts.sleep(200);
                continue;
            }
            request.outcome = AnswerLog.Outcome.REJECTED;
            return;
        }
    }
}
