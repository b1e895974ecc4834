package cn.kcbx.web;

import cn.kcbx.kernel.access.AccessDeniedException;

/** The acting user may not do this (HTTP 403). */
public class ForbiddenException extends AccessDeniedException {

    public ForbiddenException(String message) {
        super("FORBIDDEN", message);
    }
}
