package cn.kcbx.query.web;

import cn.kcbx.kernel.DomainException;

/** Something asked for by its key does not exist (answered 404). */
public abstract class NotFoundException extends DomainException {

    protected NotFoundException(String code, String field, String message) {
        super(code, field, message);
    }
}
