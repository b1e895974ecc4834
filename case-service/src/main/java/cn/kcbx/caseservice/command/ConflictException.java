package cn.kcbx.caseservice.command;

import cn.kcbx.kernel.DomainException;

/** The request collides with other data or with a concurrent request (HTTP 409); {@code retryable} says if a retry may succeed. */
public class ConflictException extends DomainException {

    private final boolean retryable;

    public ConflictException(String code, String message, boolean retryable) {
        super(code, null, message);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
