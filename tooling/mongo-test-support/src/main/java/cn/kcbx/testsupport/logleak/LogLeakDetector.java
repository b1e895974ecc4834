package cn.kcbx.testsupport.logleak;

import cn.kcbx.logsafety.PersonalNumbers;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.LoggerContextListener;
import ch.qos.logback.core.AppenderBase;

import java.util.ArrayList;
import java.util.List;

/**
 * A Logback appender that looks at the raw message (before any masking converter) and the throwables of every log
 * event, and remembers each ID or mobile number it finds. Only masked values and where they were logged are kept.
 */
public class LogLeakDetector extends AppenderBase<ILoggingEvent> {

    /** One personal number found in a log event. */
    public record Leak(String logger, String level, PersonalNumbers.Finding finding, String where) {

        @Override
        public String toString() {
            return level + " " + logger + " logged " + finding.kind() + " " + finding.masked() + " in " + where;
        }
    }

    private final List<Leak> leaks = new ArrayList<>();

    public LogLeakDetector() {
        setName("personal-data-log-leak-detector");
    }

    private LoggerContextListener reattach;

    /**
     * Attaches a started detector to {@code root}, and again after every reset of the logging context (a reset
     * detaches and stops all appenders).
     */
    public static LogLeakDetector attachTo(Logger root) {
        LogLeakDetector detector = new LogLeakDetector();
        detector.setContext(root.getLoggerContext());
        detector.start();
        root.addAppender(detector);
        detector.reattach = new ReattachOnReset(detector, root);
        root.getLoggerContext().addListener(detector.reattach);
        return detector;
    }

    /**
     * Attaches the detector again if the logging context dropped it: Spring Boot stops the context (which removes
     * every listener) before it configures logging for the first application context of a test JVM.
     */
    public void ensureAttachedTo(Logger root) {
        reattach.onReset(root.getLoggerContext());
        if (!root.getLoggerContext().getCopyOfListenerList().contains(reattach)) {
            root.getLoggerContext().addListener(reattach);
        }
    }

    public void detachFrom(Logger root) {
        root.getLoggerContext().removeListener(reattach);
        root.detachAppender(this);
        stop();
    }

    private record ReattachOnReset(LogLeakDetector detector, Logger root) implements LoggerContextListener {

        @Override
        public boolean isResetResistant() {
            return true;
        }

        @Override
        public void onReset(LoggerContext context) {
            if (!detector.isStarted()) {
                detector.start();
            }
            if (root.getAppender(detector.getName()) == null) {
                root.addAppender(detector);
            }
        }

        @Override
        public void onStart(LoggerContext context) {
        }

        @Override
        public void onStop(LoggerContext context) {
        }

        @Override
        public void onLevelChange(Logger logger, Level level) {
        }
    }

    @Override
    protected void append(ILoggingEvent event) {
        check(event, event.getFormattedMessage(), "message");
        IThrowableProxy throwable = event.getThrowableProxy();
        int depth = 0;
        while (throwable != null && depth++ < 20) {
            check(event, throwable.getMessage(), "exception " + throwable.getClassName());
            for (IThrowableProxy suppressed : throwable.getSuppressed()) {
                check(event, suppressed.getMessage(), "suppressed exception " + suppressed.getClassName());
            }
            throwable = throwable.getCause();
        }
    }

    private void check(ILoggingEvent event, String text, String where) {
        for (PersonalNumbers.Finding finding : PersonalNumbers.find(text)) {
            synchronized (leaks) {
                leaks.add(new Leak(event.getLoggerName(), event.getLevel().toString(), finding, where));
            }
        }
    }

    public List<Leak> leaks() {
        synchronized (leaks) {
            return List.copyOf(leaks);
        }
    }
}
