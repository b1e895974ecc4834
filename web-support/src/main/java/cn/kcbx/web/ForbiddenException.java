package cn.kcbx.web;

import cn.kcbx.kernel.DomainException;

/** The acting user may not do this (HTTP 403). */
public class ForbiddenException extends DomainException {

    public ForbiddenException(String message) {
        super("FORBIDDEN", null, message);
    }
}
