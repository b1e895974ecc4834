package cn.kcbx.query.projection;

import cn.kcbx.kernel.DomainException;

import java.util.List;

/** No projection of this name (HTTP 404). */
public class UnknownProjectionException extends DomainException {

    public UnknownProjectionException(String name, List<String> known) {
        super("PROJECTION_NOT_FOUND", "name", "没有名为“" + name + "”的投影，可用的投影：" + String.join("、", known));
    }
}
