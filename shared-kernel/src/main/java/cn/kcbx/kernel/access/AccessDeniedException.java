package cn.kcbx.kernel.access;

import cn.kcbx.kernel.DomainException;

/** The acting user may not do this, or not for this case or region (HTTP 403). */
public class AccessDeniedException extends DomainException {

    public AccessDeniedException(String code, String message) {
        super(code, null, message);
    }
}
