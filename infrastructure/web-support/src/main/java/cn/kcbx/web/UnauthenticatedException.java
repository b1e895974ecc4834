package cn.kcbx.web;

import cn.kcbx.kernel.DomainException;

/** The request does not say who is acting (HTTP 401). */
public class UnauthenticatedException extends DomainException {

    public UnauthenticatedException(String field, String message) {
        super("UNAUTHENTICATED", field, message);
    }
}
