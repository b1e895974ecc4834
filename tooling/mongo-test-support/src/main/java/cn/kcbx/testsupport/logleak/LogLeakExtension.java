package cn.kcbx.testsupport.logleak;

import ch.qos.logback.classic.Logger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Fails a test class whose code logged an ID number or a mobile number, in the clear, while its tests ran (the
 * services mask numbers in their log pattern, but the raw message must not carry them in the first place: another
 * appender, a log shipper or a changed pattern would print them). Registered for every test class of each module that
 * has {@code mongo-test-support} on its test classpath, through JUnit's extension auto-detection
 * ({@code junit-platform.properties} and {@code META-INF/services} in this jar).
 */
public class LogLeakExtension implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LogLeakExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        Logger root = root();
        if (root == null) {
            return; // another logging backend: nothing to watch
        }
        context.getStore(NAMESPACE).put(LogLeakDetector.class, LogLeakDetector.attachTo(root));
    }

    /** By now a Spring test context has started, and may have reconfigured logging without the detector. */
    @Override
    public void beforeEach(ExtensionContext context) {
        LogLeakDetector detector = context.getStore(NAMESPACE).get(LogLeakDetector.class, LogLeakDetector.class);
        if (detector != null) {
            detector.ensureAttachedTo(root());
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        LogLeakDetector detector = context.getStore(NAMESPACE).remove(LogLeakDetector.class, LogLeakDetector.class);
        if (detector == null) {
            return;
        }
        detector.detachFrom(root());
        List<LogLeakDetector.Leak> leaks = detector.leaks();
        if (!leaks.isEmpty()) {
            throw new AssertionError("Personal data was logged in the clear during " + context.getDisplayName()
                    + " (" + leaks.size() + "):\n" + leaks.stream().distinct().limit(20).map(Object::toString)
                                                          .collect(Collectors.joining("\n")));
        }
    }

    private static Logger root() {
        org.slf4j.Logger root = LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        return root instanceof Logger logback ? logback : null;
    }
}
