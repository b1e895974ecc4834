package cn.kcbx.logsafety;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * {@code %m}, {@code %msg} and {@code %message} in the services' log pattern: the message with ID and mobile numbers
 * masked, whatever code logged it (ours, a library's, a value echoed in an exception message).
 */
public class MaskingMessageConverter extends MessageConverter {

    @Override
    public String convert(ILoggingEvent event) {
        return PersonalNumbers.mask(super.convert(event));
    }
}
