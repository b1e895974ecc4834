package cn.kcbx.logsafety;

import ch.qos.logback.classic.pattern.ExtendedThrowableProxyConverter;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.CoreConstants;

/**
 * The stack trace of a logged exception, preceded by a line break as in Spring Boot's {@code %wEx}, with ID and
 * mobile numbers masked: exception messages often quote the offending value.
 */
public class MaskingThrowableConverter extends ExtendedThrowableProxyConverter {

    @Override
    protected String throwableProxyToString(IThrowableProxy throwableProxy) {
        return CoreConstants.LINE_SEPARATOR + PersonalNumbers.mask(super.throwableProxyToString(throwableProxy))
                + CoreConstants.LINE_SEPARATOR;
    }
}
