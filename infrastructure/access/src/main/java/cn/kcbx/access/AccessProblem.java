package cn.kcbx.access;

import cn.kcbx.kernel.DomainException;

/**
 * A rejection of the access module (sign-in, password, account administration) that carries its own HTTP status,
 * since 409 (username taken), 413 and 429 (slow down) are not among the statuses the services' error handlers derive.
 */
public class AccessProblem extends DomainException {

    private final int status;
    /** Seconds to wait before trying again (the Retry-After header), or 0 when retrying the same will not help. */
    private final long retryAfterSeconds;

    public AccessProblem(int status, String code, String field, String message) {
        this(status, code, field, message, 0);
    }

    public AccessProblem(int status, String code, String field, String message, long retryAfterSeconds) {
        super(code, field, message);
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int status() {
        return status;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public boolean retryable() {
        return retryAfterSeconds > 0;
    }
}
