package cn.kcbx.access;

import cn.kcbx.kernel.DomainException;

/**
 * A rejection of the access module (sign-in, password, account administration) that carries its own HTTP status,
 * since 423 (locked) and 409 (username taken) are not among the statuses the services' error handlers derive.
 */
public class AccessProblem extends DomainException {

    private final int status;

    public AccessProblem(int status, String code, String field, String message) {
        super(code, field, message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
