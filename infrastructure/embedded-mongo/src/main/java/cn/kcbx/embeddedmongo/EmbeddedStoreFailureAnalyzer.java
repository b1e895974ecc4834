package cn.kcbx.embeddedmongo;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a store that cannot start into Spring Boot's short "APPLICATION FAILED TO START" report, instead of a chain
 * of bean-creation errors that hides the reason; the process then exits with a non-zero status.
 */
class EmbeddedStoreFailureAnalyzer extends AbstractFailureAnalyzer<EmbeddedStoreUnavailableException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, EmbeddedStoreUnavailableException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "停止正在使用该数据目录或端口的另一个实例，或用 --kcbx.embedded-mongo.data-directory / "
                + "--kcbx.embedded-mongo.port 另选 (stop the other instance, or choose another data directory or port).",
                cause);
    }
}
